namespace Pid1;

/// <summary>
/// The kernel command line as the kernel splits it: words separated by spaces, double quotes group
/// (and are removed), <c>key=value</c> words are options, the rest are flags. A later word wins.
/// </summary>
internal sealed class KernelCmdline
{
    private readonly Dictionary<string, string?> _words;

    private KernelCmdline(Dictionary<string, string?> words) => _words = words;

    public static KernelCmdline Empty { get; } = new(new Dictionary<string, string?>(StringComparer.Ordinal));

    /// <summary>Reads /proc/cmdline; an unreadable one (no /proc yet, a test) reads as empty.</summary>
    public static KernelCmdline ReadProc(string path = "/proc/cmdline")
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (IOException) { return Empty; }
        catch (UnauthorizedAccessException) { return Empty; }
    }

    public static KernelCmdline Parse(string text)
    {
        var words = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var word in Split(text))
        {
            var eq = word.IndexOf('=');
            if (eq < 0) words[word] = null;
            else words[word[..eq]] = word[(eq + 1)..];
        }
        return new KernelCmdline(words);
    }

    /// <summary>True for a flag (<c>debug</c>) or an option given any value (<c>debug=1</c>).</summary>
    public bool Has(string name) => _words.ContainsKey(name);

    public string? Value(string name) => _words.TryGetValue(name, out var v) ? v : null;

    /// <summary>init's debug mode: a failure drops to a shell instead of powering off.</summary>
    public bool Debug => Has("debug") || Has("init.debug");

    internal static List<string> Split(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in text)
        {
            if (c == '"') { quoted = !quoted; inWord = true; continue; }
            if (!quoted && char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }
}
