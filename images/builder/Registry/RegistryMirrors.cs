namespace Builder.Registry;

/// <summary>
/// Where images of a registry are pulled from instead, as LinuxKit's <c>--mirror</c>: <c>REGISTRY=URL</c> for
/// one registry, a bare <c>URL</c> for every registry without its own entry. The URL must say http:// or
/// https:// and may carry a path, which is put in front of the repository (<c>http://m:5000/hub</c> serves
/// <c>docker.io/library/alpine</c> as <c>hub/library/alpine</c>). <c>docker.io</c> also covers Docker Hub's other
/// names. Entries come from <see cref="EnvironmentVariable"/> (space- or comma-separated) first, then from the
/// flags, and a later entry for a registry wins, so the flags beat the environment. The cache keeps the image
/// under its own name: a mirror changes where the bytes come from, never what the YAML means.
/// </summary>
internal sealed class RegistryMirrors
{
    public const string EnvironmentVariable = "CINIT_MIRROR";
    private const string AllRegistries = "*";
    private static readonly string[] DockerHubNames = [ImageName.DockerHub, "index.docker.io", "registry-1.docker.io"];

    private readonly Dictionary<string, Uri> _mirrors = new(StringComparer.OrdinalIgnoreCase);

    public static RegistryMirrors None { get; } = new();

    public bool IsEmpty => _mirrors.Count == 0;

    /// <summary>The environment's entries, then <paramref name="flags"/> (the values of each <c>--mirror</c>).</summary>
    public static RegistryMirrors From(IEnumerable<string> flags, string? environment)
    {
        var mirrors = new RegistryMirrors();
        var fromEnvironment = (environment ?? "").Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in fromEnvironment) mirrors.Add(entry, $"${EnvironmentVariable}");
        foreach (var entry in flags) mirrors.Add(entry, "--mirror");
        return mirrors;
    }

    public static RegistryMirrors FromEnvironment(IEnumerable<string> flags) =>
        From(flags, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The mirror's URL for a registry host, or null when its images come from the registry itself.</summary>
    public Uri? For(string host) =>
        _mirrors.TryGetValue(host, out var mirror) || _mirrors.TryGetValue(AllRegistries, out mirror) ? mirror : null;

    /// <summary>The name to ask for on the wire: the mirror's host, its path in front of the repository.</summary>
    public ImageName Rewrite(ImageName name)
    {
        if (For(name.Host) is not { } mirror) return name;
        var prefix = mirror.AbsolutePath.Trim('/');
        return name with
        {
            Host = mirror.IsDefaultPort ? mirror.Host : $"{mirror.Host}:{mirror.Port}",
            Repository = prefix.Length == 0 ? name.Repository : $"{prefix}/{name.Repository}",
            PlainHttp = mirror.Scheme == Uri.UriSchemeHttp,
        };
    }

    private void Add(string entry, string origin)
    {
        var equals = entry.IndexOf('=');
        var (registry, url) = equals < 0 ? (AllRegistries, entry) : (entry[..equals].TrimEnd('/'), entry[(equals + 1)..]);
        if (registry.Length == 0) throw new BuildFailure($"{origin} \"{entry}\": no registry before '='; give REGISTRY=URL or URL");
        if (!url.StartsWith("http://", StringComparison.Ordinal) && !url.StartsWith("https://", StringComparison.Ordinal))
            throw new BuildFailure($"{origin} \"{entry}\": the mirror \"{url}\" must start with http:// or https://");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Query.Length > 0)
            throw new BuildFailure($"{origin} \"{entry}\": \"{url}\" is not a URL of the form http[s]://HOST[:PORT][/PATH]");
        foreach (var key in registry == ImageName.DockerHub ? DockerHubNames : [registry]) _mirrors[key] = uri;
    }
}
