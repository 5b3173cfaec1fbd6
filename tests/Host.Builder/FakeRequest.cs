using System.Text;

namespace Tests.HostBuilder;

/// <summary>One request as <see cref="FakeRegistry"/> reads it: request line and headers (bodies are not read).</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public static async Task<FakeRequest?> ReadAsync(Stream stream)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) return null;
            text.Append((char)one[0]);
        }
        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new FakeRequest(first[0], first[1], headers);
    }
}
