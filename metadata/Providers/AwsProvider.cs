namespace Metadata.Providers;

/// <summary>
/// EC2's instance metadata service (also OpenStack's EC2-compatible one) at
/// http://169.254.169.254/latest/: the hostname answers the probe; then the instance's facts into
/// /run/config/NAME, the first public key, and the user data (absent: HTTP 404, not a failure).
/// </summary>
internal sealed class AwsProvider(MetadataHttp http) : IProvider
{
    private const string Host = "169.254.169.254";

    /// <summary>meta-data paths written as /run/config/NAME when the service has them.</summary>
    public static readonly (string Path, string File)[] Facts =
    [
        ("instance-id", "instance-id"), ("instance-type", "instance-type"), ("local-ipv4", "local-ipv4"),
        ("public-ipv4", "public-ipv4"), ("placement/availability-zone", "availability-zone"),
    ];

    public string Name => "aws";

    public Outcome Fetch()
    {
        var (probe, failure) = http.Get("/latest/meta-data/hostname", Host);
        if (probe is null) return Outcome.Fail(failure!);
        if (probe.Status != 200) return Outcome.Fail($"GET {http.Base}/latest/meta-data/hostname: HTTP {probe.Status}");
        var found = new Found { Hostname = probe.Text.Trim() };
        foreach (var (path, file) in Facts)
            if (Optional("/latest/meta-data/" + path) is { } value) found.Files[file] = value.Trim();
        if (Optional("/latest/meta-data/public-keys/0/openssh-key") is { } key && key.Trim().Length > 0) found.SshKeys.Add(key.Trim());
        var (userdata, _) = http.Get("/latest/user-data", Host);
        if (userdata is { Status: 200 }) found.Userdata = userdata.Body;
        return Outcome.Of(found);
    }

    private string? Optional(string path)
    {
        var (answer, _) = http.Get(path, Host);
        return answer is { Status: 200 } ? answer.Text : null;
    }
}
