using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Builder.Registry;

/// <summary>
/// Speaks the OCI distribution API to one repository. Authentication follows the registry's lead: a
/// request goes out as it is; a 401 names a scheme, and we either fetch a bearer token from the realm it
/// names (with basic credentials when config.json has them, anonymously otherwise) or send basic
/// credentials, then retry once. Every failure names the host, the request and the cause.
/// </summary>
internal sealed class RegistryClient(ImageName name, RegistryCredentials credentials, HttpClient http, bool push = false)
{
    /// <summary>A manifest is a small JSON document; anything larger is not one.</summary>
    private const int MaxManifestBytes = 4 << 20;

    private AuthenticationHeaderValue? _authorization;

    public ImageName Name => name;

    /// <summary>GET a manifest or index by tag or digest; the digest is of the bytes, checked against a pinned one.</summary>
    public async Task<(byte[] Bytes, string MediaType, string Digest)> GetManifestAsync(string reference, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, $"manifests/{reference}", accept: MediaTypes.Manifests), ct);
        await EnsureSuccessAsync(response, $"manifest {reference}", ct);
        var length = response.Content.Headers.ContentLength;
        if (length > MaxManifestBytes) throw new BuildFailure($"manifest {reference}: {length} bytes is too large for a manifest");
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest)
            throw new BuildFailure($"manifest {reference}: the registry sent a document whose sha256 is {digest}");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return (bytes, mediaType, digest);
    }

    /// <summary>GET a blob; the caller reads the body (and checks its digest while it does).</summary>
    public async Task<HttpResponseMessage> GetBlobAsync(string digest, CancellationToken ct)
    {
        var response = await SendAsync(() => Request(HttpMethod.Get, $"blobs/{digest}"), ct);
        try
        {
            await EnsureSuccessAsync(response, $"blob {digest}", ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> HasBlobAsync(string digest, CancellationToken ct)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Head, $"blobs/{digest}"), ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, $"HEAD blob {digest}", ct);
        return true;
    }

    /// <summary>A monolithic upload: POST opens an upload session, one PUT with <c>?digest=</c> carries the bytes and ends it.</summary>
    public async Task UploadBlobAsync(string digest, Func<HttpContent> content, CancellationToken ct)
    {
        Uri location;
        using (var start = await SendAsync(() => Request(HttpMethod.Post, "blobs/uploads/"), ct))
        {
            await EnsureSuccessAsync(start, $"start upload of blob {digest}", ct);
            location = start.Headers.Location ?? throw new BuildFailure($"start upload of blob {digest}: the registry sent no Location");
        }
        if (!location.IsAbsoluteUri) location = new Uri(name.ApiBase, location);
        var separator = location.Query.Length > 0 ? "&" : "?";
        var put = new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, put) { Content = content() }, ct);
        await EnsureSuccessAsync(response, $"upload blob {digest}", ct);
    }

    public async Task PutManifestAsync(string reference, byte[] bytes, string mediaType, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new HttpRequestMessage(HttpMethod.Put, new Uri(name.ApiBase, $"{name.Repository}/manifests/{reference}")) { Content = content };
        }, ct);
        await EnsureSuccessAsync(response, $"put manifest {reference}", ct);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string[]? accept = null)
    {
        var request = new HttpRequestMessage(method, new Uri(name.ApiBase, $"{name.Repository}/{path}"));
        foreach (var type in accept ?? []) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, CancellationToken ct)
    {
        var response = await SendOnceAsync(make(), ct);
        // Per request, not once per client: a pull token does not cover a push, and the registry says so with a new challenge.
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        response.Dispose();
        _authorization = await new RegistryLogin(name, credentials, http, push).AuthorizeAsync(challenge, ct);
        return await SendOnceAsync(make(), ct);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            request.Headers.Authorization = _authorization;
            try
            {
                return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e)
            {
                throw new BuildFailure($"{request.Method} {request.RequestUri}: {RegistryErrors.Describe(e)}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new BuildFailure($"{request.Method} {request.RequestUri}: no answer within {http.Timeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var detail = await RegistryErrors.ReadAsync(response, ct);
        var hint = response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden
            ? credentials.For(name.Host) is null
                ? $" (no credentials for {name.Host} in {RegistryCredentials.DefaultPath})"
                : $" (the credentials for {name.Host} were refused)"
            : "";
        var text = new StringBuilder($"{what}: {(int)response.StatusCode} {response.ReasonPhrase}");
        if (detail.Length > 0) text.Append($": {detail}");
        throw new BuildFailure(text.Append(hint).ToString());
    }
}
