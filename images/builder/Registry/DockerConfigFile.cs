using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>The part of <c>~/.docker/config.json</c> we read: <c>auths.HOST.auth</c> = base64 "user:password".</summary>
internal sealed record DockerConfigFile(
    [property: JsonPropertyName("auths")] Dictionary<string, DockerAuthEntry>? Auths);
