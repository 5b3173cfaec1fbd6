using System.Text;
using System.Text.Json;

namespace Builder.Registry;

/// <summary>
/// Basic credentials from Docker's client config (<c>$DOCKER_CONFIG/config.json</c>, else
/// <c>~/.docker/config.json</c>): <c>auths</c> keyed by host, or by Docker Hub's historical
/// <c>https://index.docker.io/v1/</c>. Credential helpers (<c>credsStore</c>) are not run: a registry
/// known only to a helper is spoken to anonymously.
/// </summary>
internal sealed class RegistryCredentials
{
    private readonly Dictionary<string, DockerAuthEntry> _auths;
    private readonly string _source;

    private RegistryCredentials(Dictionary<string, DockerAuthEntry> auths, string source) => (_auths, _source) = (auths, source);

    public static RegistryCredentials None { get; } = new([], "");

    public static string DefaultPath =>
        Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir
            ? dir : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");

    /// <summary>Reads the file if it exists; a file that is there but unreadable is an error, not silently anonymous.</summary>
    public static RegistryCredentials Load(string path)
    {
        if (!File.Exists(path)) return None;
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), RegistryJson.Default.DockerConfigFile);
            return new RegistryCredentials(file?.Auths ?? [], path);
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"{path}: not a valid Docker config file: {e.Message}");
        }
    }

    /// <summary>The user and password for a registry host, or null to go anonymous.</summary>
    public (string User, string Password)? For(string host)
    {
        foreach (var key in Keys(host))
        {
            if (!_auths.TryGetValue(key, out var entry)) continue;
            if (entry.Username is { Length: > 0 } u) return (u, entry.Password ?? "");
            if (entry.Auth is not { Length: > 0 } auth) continue;
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new BuildFailure($"{_source}: auths.\"{key}\".auth is not base64");
            }
            var colon = decoded.IndexOf(':');
            if (colon < 0) throw new BuildFailure($"{_source}: auths.\"{key}\".auth is not base64 of \"user:password\"");
            return (decoded[..colon], decoded[(colon + 1)..]);
        }
        return null;
    }

    private static IEnumerable<string> Keys(string host)
    {
        yield return host;
        yield return "https://" + host;
        yield return "http://" + host;
        if (host == ImageName.DockerHub)
        {
            yield return "https://index.docker.io/v1/";
            yield return "index.docker.io";
            yield return "registry-1.docker.io";
        }
    }
}
