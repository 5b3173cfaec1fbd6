using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Builder.Registry;

/// <summary>
/// Answers a registry's 401 challenge (https://distribution.github.io/distribution/spec/auth/token/):
/// Bearer -> GET the realm with <c>service</c> and <c>scope=repository:NAME:pull[,push]</c>, with basic
/// credentials if we have them, and use the token it returns; Basic -> the credentials themselves.
/// </summary>
internal sealed class RegistryLogin(ImageName name, RegistryCredentials credentials, HttpClient http, bool push)
{
    public async Task<AuthenticationHeaderValue> AuthorizeAsync(AuthChallenge? challenge, CancellationToken ct)
    {
        var basic = credentials.For(name.Host) is { } c
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}")))
            : null;
        if (challenge is { IsBearer: true }) return await TokenAsync(challenge, basic, ct);
        if (challenge is { IsBasic: true })
            return basic ?? throw new BuildFailure($"{name.Host} wants a user and password (401, Basic) and {RegistryCredentials.DefaultPath} has none for it");
        throw new BuildFailure($"{name.Host} answered 401 with {(challenge is null ? "no WWW-Authenticate challenge" : $"an unsupported scheme \"{challenge.Scheme}\"")}");
    }

    private async Task<AuthenticationHeaderValue> TokenAsync(AuthChallenge challenge, AuthenticationHeaderValue? basic, CancellationToken ct)
    {
        var realm = challenge["realm"];
        if (realm is null || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
            throw new BuildFailure($"{name.Host} answered 401 with a Bearer challenge without a usable realm");
        var scope = push || challenge["scope"] is null ? $"repository:{name.Repository}:{(push ? "pull,push" : "pull")}" : challenge["scope"]!;
        var query = new StringBuilder($"scope={Uri.EscapeDataString(scope)}");
        if (challenge["service"] is { } service) query.Append($"&service={Uri.EscapeDataString(service)}");
        var separator = realmUri.Query.Length > 0 ? "&" : "?";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(realmUri + separator + query));
        request.Headers.Authorization = basic;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new BuildFailure($"token from {realmUri.GetLeftPart(UriPartial.Path)}: {RegistryErrors.Describe(e)}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var who = basic is null ? "anonymously" : "with the credentials from " + RegistryCredentials.DefaultPath;
                throw new BuildFailure($"token from {realmUri.GetLeftPart(UriPartial.Path)} ({who}): {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            TokenResponse? token;
            try
            {
                token = JsonSerializer.Deserialize(body, RegistryJson.Default.TokenResponse);
            }
            catch (JsonException e)
            {
                throw new BuildFailure($"token from {realmUri.GetLeftPart(UriPartial.Path)}: not JSON: {e.Message}");
            }
            var value = token?.Token ?? token?.AccessToken;
            if (string.IsNullOrEmpty(value)) throw new BuildFailure($"token from {realmUri.GetLeftPart(UriPartial.Path)}: the answer has no token");
            return new AuthenticationHeaderValue("Bearer", value);
        }
    }
}
