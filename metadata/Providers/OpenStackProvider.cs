using System.Text.Json;

namespace Metadata.Providers;

/// <summary>
/// OpenStack's own metadata format at http://169.254.169.254/openstack/latest/: meta_data.json
/// (hostname, public_keys) and user_data.
/// </summary>
internal sealed class OpenStackProvider(MetadataHttp http) : IProvider
{
    private const string Host = "169.254.169.254";
    private const string Path = "/openstack/latest/meta_data.json";

    public string Name => "openstack";

    public Outcome Fetch()
    {
        var (probe, failure) = http.Get(Path, Host);
        if (probe is null) return Outcome.Fail(failure!);
        if (probe.Status != 200) return Outcome.Fail($"GET {http.Base}{Path}: HTTP {probe.Status}");
        Found found;
        try
        {
            found = Parse(probe.Body);
        }
        catch (JsonException e)
        {
            return Outcome.Fail($"GET {http.Base}{Path}: not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        var (userdata, _) = http.Get("/openstack/latest/user_data", Host);
        if (userdata is { Status: 200 }) found.Userdata = userdata.Body;
        return Outcome.Of(found);
    }

    /// <summary>meta_data.json's hostname, uuid and public_keys (an object of name to key).</summary>
    public static Found Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var found = new Found();
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return found;
        if (doc.RootElement.TryGetProperty("hostname", out var h) && h.ValueKind == JsonValueKind.String) found.Hostname = h.GetString();
        if (doc.RootElement.TryGetProperty("uuid", out var u) && u.ValueKind == JsonValueKind.String) found.Files["instance-id"] = u.GetString()!;
        if (doc.RootElement.TryGetProperty("public_keys", out var keys) && keys.ValueKind == JsonValueKind.Object)
            foreach (var k in keys.EnumerateObject())
                if (k.Value.ValueKind == JsonValueKind.String && k.Value.GetString()!.Trim() is { Length: > 0 } key) found.SshKeys.Add(key);
        return found;
    }
}
