namespace Builder.Registry;

/// <summary>
/// A <c>WWW-Authenticate</c> challenge (RFC 7235): <c>Bearer realm="...",service="...",scope="..."</c>
/// sends us to a token endpoint; <c>Basic realm="..."</c> wants the credentials on every request.
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        header = header.Trim();
        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? header.Length : space + 1;
        while (i < header.Length)
        {
            while (i < header.Length && header[i] is ' ' or ',') i++;
            var eq = header.IndexOf('=', i);
            if (eq < 0) break;
            var key = header[i..eq].Trim();
            var (value, next) = ReadValue(header, eq + 1);
            parameters[key] = value;
            i = next;
        }
        return new AuthChallenge(scheme, parameters);
    }

    /// <summary>A quoted string (backslash escapes the next character) or a token up to the next comma.</summary>
    private static (string Value, int Next) ReadValue(string s, int i)
    {
        if (i >= s.Length || s[i] != '"')
        {
            var comma = s.IndexOf(',', i);
            var end = comma < 0 ? s.Length : comma;
            return (s[i..end].Trim(), end);
        }
        var value = new System.Text.StringBuilder();
        for (i++; i < s.Length && s[i] != '"'; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            value.Append(s[i]);
        }
        return (value.ToString(), i + 1);
    }
}
