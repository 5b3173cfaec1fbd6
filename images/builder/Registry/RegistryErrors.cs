using System.Net.Sockets;
using System.Text.Json;

namespace Builder.Registry;

/// <summary>Turns what a registry or the network said into the short cause a user reads after "pull X: ...".</summary>
internal static class RegistryErrors
{
    /// <summary>The registry's own error text (<c>{"errors":[{"code","message"}]}</c>), or the start of a body that is not JSON.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
        if (body.Length == 0) return "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                var code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                return string.Join(": ", new[] { code, message }.Where(s => !string.IsNullOrEmpty(s)));
            }
        }
        catch (JsonException)
        {
            // Not the registry's JSON (a proxy's HTML page, plain text): show its start.
        }
        var line = body.Split('\n')[0].Trim();
        return line.Length > 120 ? line[..120] + "..." : line;
    }

    /// <summary>The innermost cause of a failed request: "connection refused", a DNS failure, a TLS error.</summary>
    public static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s) return $"{s.Message} ({s.SocketErrorCode})";
            if (inner is System.Security.Authentication.AuthenticationException a) return $"TLS: {a.Message}";
        }
        return e.InnerException?.Message ?? e.Message;
    }
}
