using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>One registry's entry in <c>auths</c>: base64 <c>auth</c>, or (rarely) plain username and password.</summary>
internal sealed record DockerAuthEntry(
    [property: JsonPropertyName("auth")] string? Auth,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password);
