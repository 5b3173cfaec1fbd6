using System.Text.RegularExpressions;

namespace Builder.Registry;

/// <summary>
/// A registry image reference, <c>[host[:port]/]path[:tag][@sha256:hex]</c>, with Docker's defaults:
/// no host means <c>docker.io</c>, a one-component path on docker.io means <c>library/NAME</c>, and no
/// tag nor digest means <c>:latest</c>. The first component is a host when it has a dot or a colon or
/// is <c>localhost</c>, as in Docker's own grammar.
/// </summary>
internal sealed partial record ImageName(string Host, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>The reference written out in full; digest wins over tag when both are given.</summary>
    public override string ToString() => Digest is null ? $"{Host}/{Repository}:{Tag}" : $"{Host}/{Repository}@{Digest}";

    /// <summary>What the request paths use: the digest if pinned, else the tag.</summary>
    public string Reference => Digest ?? Tag!;

    /// <summary>Plain HTTP although the host is not on the loopback: a mirror given as <c>http://</c> (<see cref="RegistryMirrors"/>).</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Registries on the loopback are spoken to over plain HTTP (a local test registry has no certificate).</summary>
    public bool IsLoopback
    {
        get
        {
            var host = HostWithoutPort(Host);
            return host is "localhost" or "127.0.0.1" or "[::1]";
        }
    }

    /// <summary>Where the distribution API lives: Docker Hub's API is not on docker.io itself.</summary>
    public Uri ApiBase => new($"{(IsLoopback || PlainHttp ? "http" : "https")}://{(Host == DockerHub ? "registry-1.docker.io" : Host)}/v2/");

    public ImageName WithDigest(string digest) => this with { Digest = digest };

    /// <summary>The name, or null and the build failure (not thrown) saying which part is bad.</summary>
    public static ImageName? TryParse(string text, out BuildFailure? error)
    {
        error = null;
        string? digest = null, tag = null;
        var rest = text;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest)) return Fail(out error, $"\"{text}\": bad digest \"{digest}\" (expected sha256: and 64 lowercase hex digits)");
        }
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) return Fail(out error, $"\"{text}\": bad tag \"{tag}\"");
        }
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? "" : rest[..slash];
        var host = first.Contains('.') || first.Contains(':') || first == "localhost" ? first : DockerHub;
        var path = host == DockerHub && first != DockerHub ? rest : rest[(slash + 1)..];
        if (host == DockerHub && !path.Contains('/')) path = "library/" + path;
        if (!PathPattern().IsMatch(path)) return Fail(out error, $"\"{text}\": bad repository name \"{path}\" (lowercase letters, digits, '.', '_', '-' and '/')");
        return new ImageName(host, path, tag ?? (digest is null ? "latest" : null), digest);
    }

    public static ImageName Parse(string text) => TryParse(text, out var error) ?? throw error!;

    private static ImageName? Fail(out BuildFailure? error, string message)
    {
        error = new BuildFailure(message);
        return null;
    }

    private static string HostWithoutPort(string host) =>
        host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();
}
