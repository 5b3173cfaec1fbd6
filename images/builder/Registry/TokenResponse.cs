using System.Text.Json.Serialization;

namespace Builder.Registry;

/// <summary>A token endpoint's answer; Docker Hub sends <c>token</c>, OAuth-style servers <c>access_token</c>.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("access_token")] string? AccessToken);
