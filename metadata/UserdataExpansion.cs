using System.Text.Json;

namespace Metadata;

/// <summary>
/// LinuxKit's JSON userdata: an object whose entries become files and directories under /run/config.
/// <c>{"NAME": {"perm": "0644", "content": "..."}}</c> is a file (default 0644),
/// <c>{"NAME": {"perm": "0755", "entries": {...}}}</c> a directory (default 0755) of more entries.
/// A name that is empty, <c>.</c>, <c>..</c> or holds a <c>/</c> is refused (it would leave the
/// directory), as is an entry with other keys or both content and entries; a refused entry is one line
/// naming its path and is skipped, the others are written. Malformed JSON writes nothing but says where.
/// </summary>
internal static class UserdataExpansion
{
    public const int FileMode = 0x1A4, DirectoryMode = 0x1ED; // 0644, 0755

    /// <summary>Expands <paramref name="userdata"/> into <paramref name="root"/>; every line for the console goes to <paramref name="say"/>.</summary>
    /// <returns>True when the userdata was a JSON object (expanded, perhaps with entries refused).</returns>
    public static bool Expand(byte[] userdata, string root, Action<string> say)
    {
        var text = userdata.AsSpan();
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
        var first = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || text[first] != (byte)'{')
        {
            say("userdata is not a JSON object: kept as userdata only, nothing expanded");
            return false;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text.ToArray());
        }
        catch (JsonException e)
        {
            say($"userdata is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {Reason(e)}): kept as userdata only, nothing expanded");
            return false;
        }
        using (doc)
        {
            var written = Entries(doc.RootElement, root, "", say);
            say($"userdata: expanded into {written} files and directories under {root}");
        }
        return true;
    }

    private static int Entries(JsonElement obj, string dir, string path, Action<string> say)
    {
        var written = 0;
        foreach (var entry in obj.EnumerateObject())
        {
            var at = path + entry.Name;
            if (RefusedName(entry.Name) is { } why)
            {
                say($"userdata: entry \"{at}\": {why}: skipped");
                continue;
            }
            if (Check(entry.Value) is { } bad)
            {
                say($"userdata: entry \"{at}\": {bad}: skipped");
                continue;
            }
            var target = Path.Combine(dir, entry.Name);
            var isDir = entry.Value.TryGetProperty("entries", out var children);
            var mode = entry.Value.TryGetProperty("perm", out var perm) ? Octal(perm.GetString()!) : isDir ? DirectoryMode : FileMode;
            try
            {
                if (isDir)
                {
                    Directory.CreateDirectory(target);
                    File.SetUnixFileMode(target, (UnixFileMode)mode);
                    written += 1 + Entries(children, target, at + "/", say);
                }
                else
                {
                    var content = entry.Value.TryGetProperty("content", out var c) ? c.GetString()! : "";
                    if (Directory.Exists(target)) throw new IOException($"{target} is a directory");
                    File.WriteAllText(target, content);
                    File.SetUnixFileMode(target, (UnixFileMode)mode);
                    written++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                say($"userdata: entry \"{at}\": {Linux.SysError.Of($"write {target}", e)}");
            }
        }
        return written;
    }

    /// <summary>Why a name cannot be a file in its directory, or null.</summary>
    public static string? RefusedName(string name) => name switch
    {
        "" => "empty name refused",
        "." or ".." => $"name \"{name}\" refused",
        _ when name.Contains('/') => "name refused: it contains \"/\"",
        _ when name.Contains('\0') => "name refused: it contains a NUL byte",
        _ => null,
    };

    /// <summary>What is wrong with an entry's value, or null.</summary>
    public static string? Check(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return $"expected an object with content or entries, found {Kind(value)}";
        foreach (var p in value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "perm":
                    if (p.Value.ValueKind != JsonValueKind.String) return $"perm: expected an octal string such as \"0644\", found {Kind(p.Value)}";
                    if (Octal(p.Value.GetString()!) < 0) return $"perm \"{p.Value.GetString()}\": expected an octal mode such as \"0644\"";
                    break;
                case "content":
                    if (p.Value.ValueKind != JsonValueKind.String) return $"content: expected a string, found {Kind(p.Value)}";
                    break;
                case "entries":
                    if (p.Value.ValueKind != JsonValueKind.Object) return $"entries: expected an object, found {Kind(p.Value)}";
                    break;
                default:
                    return $"unknown key \"{p.Name}\" (expected perm, content, entries)";
            }
        }
        if (value.TryGetProperty("content", out _) && value.TryGetProperty("entries", out _))
            return "both content and entries: a file or a directory, not both";
        return null;
    }

    /// <summary>"0644" -> 0x1A4; -1 unless one to four octal digits.</summary>
    public static int Octal(string s)
    {
        if (s.Length is 0 or > 4 || s.Any(c => c is < '0' or > '7')) return -1;
        return s.Aggregate(0, (m, c) => m * 8 + (c - '0'));
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // JsonException's message ends with its own "LineNumber: 0 | BytePositionInLine: 9." (0-based): ours says it 1-based.
    // The NativeAOT binary has no resource strings (UseSystemResourceKeys): the message is then the
    // resource's key and its argument ("ExpectedStartOfValueNotFound, }"), said in words here.
    private static string Reason(JsonException e)
    {
        var m = e.Message;
        var at = m.IndexOf(" LineNumber:", StringComparison.Ordinal);
        m = (at > 0 ? m[..at] : m).TrimEnd('.', ' ');
        var comma = m.IndexOf(", ", StringComparison.Ordinal);
        var key = comma > 0 ? m[..comma] : m;
        var found = comma > 0 ? $", found '{m[(comma + 2)..]}'" : "";
        return key switch
        {
            "ExpectedStartOfValueNotFound" => "expected a value" + found,
            "ExpectedStartOfPropertyNotFound" or "ExpectedStartOfPropertyOrValueNotFound" => "expected a quoted property name" + found,
            "ExpectedSeparatorAfterPropertyNameNotFound" => "expected ':' after the property name" + found,
            "ExpectedEndAfterSingleJson" => "more text after the JSON object" + found,
            "EndOfStringNotFound" => "a string is not closed",
            "ExpectedEndOfDigitNotFound" or "RequiredDigitNotFoundAfterSign" or "RequiredDigitNotFoundAfterDecimal" => "a malformed number" + found,
            "FoundInvalidCharacter" or "InvalidCharacterWithinString" => "an invalid character" + found,
            "ZeroDepthAtEnd" or "ExpectedJsonTokens" or "EndOfCommentNotFound" => "the text ends inside the JSON",
            "MismatchedObjectArray" => "a bracket does not match" + found,
            "TrailingCommaNotAllowedBeforeObjectEnd" or "TrailingCommaNotAllowedBeforeArrayEnd" => "a comma before the closing bracket",
            _ => m,
        };
    }
}
