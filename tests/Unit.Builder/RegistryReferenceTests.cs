using Builder;
using Builder.Registry;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>Image references with Docker's defaults, WWW-Authenticate challenges and config.json credentials.</summary>
public sealed class RegistryReferenceTests
{
    [Theory]
    [InlineData("alpine", "docker.io/library/alpine:latest", "https://registry-1.docker.io/v2/")]
    [InlineData("alpine:3.19", "docker.io/library/alpine:3.19", "https://registry-1.docker.io/v2/")]
    [InlineData("linuxkit/getty:v1.0", "docker.io/linuxkit/getty:v1.0", "https://registry-1.docker.io/v2/")]
    [InlineData("docker.io/alpine", "docker.io/library/alpine:latest", "https://registry-1.docker.io/v2/")]
    [InlineData("ghcr.io/a/b/c:1.2-rc_1", "ghcr.io/a/b/c:1.2-rc_1", "https://ghcr.io/v2/")]
    [InlineData("localhost/x", "localhost/x:latest", "http://localhost/v2/")]
    [InlineData("localhost:5000/x:t", "localhost:5000/x:t", "http://localhost:5000/v2/")]
    [InlineData("127.0.0.1:5000/a/b:t", "127.0.0.1:5000/a/b:t", "http://127.0.0.1:5000/v2/")]
    [InlineData("[::1]:5000/a:t", "[::1]:5000/a:t", "http://[::1]:5000/v2/")]
    [InlineData("registry.example:8443/a:t", "registry.example:8443/a:t", "https://registry.example:8443/v2/")]
    [InlineData("a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "https://registry-1.docker.io/v2/")]
    [InlineData("a:t@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "https://registry-1.docker.io/v2/")]
    public void ReferencesGetDockersDefaults(string text, string full, string api)
    {
        var name = ImageName.Parse(text);
        Assert.Equal(full, name.ToString());
        Assert.Equal(api, name.ApiBase.ToString());
    }

    [Theory]
    [InlineData("Alpine:1", "\"Alpine:1\": bad repository name \"library/Alpine\" (lowercase letters, digits, '.', '_', '-' and '/')")]
    [InlineData("a:b:c", "\"a:b:c\": bad repository name \"library/a:b\" (lowercase letters, digits, '.', '_', '-' and '/')")]
    [InlineData("a:-x", "\"a:-x\": bad tag \"-x\"")]
    [InlineData("a@sha256:abc", "\"a@sha256:abc\": bad digest \"sha256:abc\" (expected sha256: and 64 lowercase hex digits)")]
    [InlineData("a@md5:0123", "\"a@md5:0123\": bad digest \"md5:0123\" (expected sha256: and 64 lowercase hex digits)")]
    [InlineData("x//y:1", "\"x//y:1\": bad repository name \"x//y\" (lowercase letters, digits, '.', '_', '-' and '/')")]
    public void BadReferencesSayWhatIsWrong(string text, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => ImageName.Parse(text)).Message);

    [Theory]
    [InlineData("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"",
        "Bearer", "https://auth.docker.io/token", "registry.docker.io", "repository:library/alpine:pull")]
    [InlineData("bearer realm=\"https://r/t\", service=svc", "bearer", "https://r/t", "svc", null)]
    [InlineData("Basic realm=\"a \\\"quoted\\\" realm\"", "Basic", "a \"quoted\" realm", null, null)]
    public void ChallengesAreParsed(string header, string scheme, string realm, string? service, string? scope)
    {
        var c = AuthChallenge.Parse(header)!;
        Assert.Equal((scheme, realm, service, scope), (c.Scheme, c["realm"], c["service"], c["scope"]));
    }

    [Fact]
    public void CredentialsComeFromAuthsByHostOrDockerHubsLegacyKey()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["config.json"], """
            {"auths": {"https://index.docker.io/v1/": {"auth": "aHViOnB3"},
                       "127.0.0.1:5000": {"auth": "bG9jYWw6cDpx"},
                       "plain.example": {"username": "u", "password": "p"}},
             "credsStore": "desktop"}
            """);
        var creds = RegistryCredentials.Load(dir["config.json"]);
        Assert.Equal(("hub", "pw"), creds.For("docker.io"));
        Assert.Equal(("local", "p:q"), creds.For("127.0.0.1:5000"));
        Assert.Equal(("u", "p"), creds.For("plain.example"));
        Assert.Null(creds.For("ghcr.io"));
        Assert.Null(RegistryCredentials.Load(dir["missing.json"]).For("docker.io"));
    }

    [Fact]
    public void AnAuthThatIsNotBase64NamesTheFileAndKey()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir["config.json"], """{"auths": {"r.example": {"auth": "not base64!"}}}""");
        var e = Assert.Throws<BuildFailure>(() => RegistryCredentials.Load(dir["config.json"]).For("r.example"));
        Assert.Equal($"{dir["config.json"]}: auths.\"r.example\".auth is not base64", e.Message);
    }
}
