namespace Builder.Registry;

/// <summary>The one HttpClient a builder run uses for registries: bounded connect and header waits, our User-Agent.</summary>
internal static class RegistryHttp
{
    public static HttpClient Create(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // Blob GETs are redirected to storage (S3, a CDN); .NET drops our Authorization header on the way.
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
        };
        var http = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("cinit-builder/1.0");
        return http;
    }
}
