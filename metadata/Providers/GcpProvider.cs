namespace Metadata.Providers;

/// <summary>
/// GCP's metadata server (metadata.google.internal, which is 169.254.169.254): every request carries
/// <c>Metadata-Flavor: Google</c> and every answer must too, which tells it from another service on the
/// same address. The instance's hostname, the instance's user-data attribute, and the ssh keys of the
/// project and the instance (<c>user:key</c> lines).
/// </summary>
internal sealed class GcpProvider(MetadataHttp http) : IProvider
{
    private const string Host = "metadata.google.internal";
    private const string Prefix = "/computeMetadata/v1/";

    public string Name => "gcp";

    public Outcome Fetch()
    {
        var (probe, failure) = Get("instance/hostname");
        if (probe is null) return Outcome.Fail(failure!);
        if (probe.Status != 200) return Outcome.Fail($"GET {http.Base}{Prefix}instance/hostname: HTTP {probe.Status}");
        if (!probe.Headers.TryGetValue("metadata-flavor", out var flavor) || flavor != "Google")
            return Outcome.Fail($"GET {http.Base}{Prefix}instance/hostname: the answer has no \"Metadata-Flavor: Google\" header: not GCP's metadata server");
        var found = new Found { Hostname = probe.Text.Trim() };
        var (userdata, _) = Get("instance/attributes/user-data");
        if (userdata is { Status: 200 }) found.Userdata = userdata.Body;
        foreach (var path in new[] { "project/attributes/ssh-keys", "instance/attributes/ssh-keys" })
            if (Get(path) is ({ Status: 200 } keys, _)) found.SshKeys.AddRange(SshKeys(keys.Text));
        return Outcome.Of(found);
    }

    private (HttpAnswer?, string?) Get(string path) => http.Get(Prefix + path, Host, ("Metadata-Flavor", "Google"));

    /// <summary>GCP's <c>USER:KEY</c> lines as OpenSSH keys (the user is GCP's, not ours: every key goes to root's file).</summary>
    public static IEnumerable<string> SshKeys(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':');
            // A key line starts with its type (ssh-ed25519 ...); "user:" is GCP's prefix, and a bare key is kept as is.
            var key = colon > 0 && !line[..colon].Contains(' ') ? line[(colon + 1)..].Trim() : line;
            if (key.Length > 0) yield return key;
        }
    }
}
