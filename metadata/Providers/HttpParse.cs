using System.Text;

namespace Metadata.Providers;

/// <summary>
/// Reads an HTTP/1.x response: status line, headers, and a body delimited by Content-Length, chunked
/// transfer coding, or the end of the connection.
/// </summary>
internal static class HttpParse
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>True when the bytes hold a whole answer by its Content-Length (a server may keep the connection open regardless of Connection: close).</summary>
    public static bool Complete(ReadOnlySpan<byte> raw)
    {
        var end = raw.IndexOf(HeaderEnd);
        if (end < 0) return false;
        var headers = Headers(Encoding.ASCII.GetString(raw[..end]), out _);
        return headers.TryGetValue("content-length", out var v) && int.TryParse(v, out var length)
            && raw.Length - end - 4 >= length;
    }

    public static HttpAnswer Answer(byte[] raw)
    {
        var end = raw.AsSpan().IndexOf(HeaderEnd);
        if (end < 0) throw new InvalidDataException(raw.Length == 0 ? "connection closed without an answer" : "answer without the end of its headers");
        var headers = Headers(Encoding.ASCII.GetString(raw, 0, end), out var status);
        var body = raw.AsSpan(end + 4);
        if (headers.TryGetValue("transfer-encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            return new HttpAnswer(status, headers, Dechunk(body));
        if (headers.TryGetValue("content-length", out var v) && int.TryParse(v, out var length))
        {
            if (body.Length < length) throw new InvalidDataException($"answer cut short: {body.Length} of {length} bytes");
            body = body[..length];
        }
        return new HttpAnswer(status, headers, body.ToArray());
    }

    private static Dictionary<string, string> Headers(string head, out int status)
    {
        var lines = head.Split("\r\n");
        var first = lines[0].Split(' ', 3);
        if (first.Length < 2 || !first[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(first[1], out status))
            throw new InvalidDataException($"not an HTTP answer: \"{Clip(lines[0])}\"");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> body)
    {
        var result = new MemoryStream();
        while (true)
        {
            var eol = body.IndexOf("\r\n"u8);
            if (eol < 0) throw new InvalidDataException("chunked answer cut short");
            var sizeText = Encoding.ASCII.GetString(body[..eol]).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size < 0)
                throw new InvalidDataException($"bad chunk size \"{Clip(sizeText)}\"");
            body = body[(eol + 2)..];
            if (size == 0) return result.ToArray();
            if (body.Length < size + 2) throw new InvalidDataException("chunked answer cut short");
            result.Write(body[..size]);
            body = body[(size + 2)..];
        }
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
