using System.Text;

namespace Tests.HostBuilder;

/// <summary>What <see cref="FakeRegistry"/> answers; <see cref="CloseAfter"/> hangs up after that many body bytes.</summary>
public sealed record FakeResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers, int? CloseAfter = null)
{
    public static FakeResponse Json(int status, string json, string contentType = "application/json") =>
        new(status, Encoding.UTF8.GetBytes(json), new Dictionary<string, string> { ["Content-Type"] = contentType });

    public static FakeResponse Bytes(byte[] body, int? closeAfter = null) =>
        new(200, body, new Dictionary<string, string> { ["Content-Type"] = "application/octet-stream" }, closeAfter);
}
