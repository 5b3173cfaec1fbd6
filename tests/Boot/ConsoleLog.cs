using System.Text;
using System.Text.RegularExpressions;

namespace Tests.Boot;

/// <summary>The serial console of one boot, line by line, with assertions that quote its tail on failure.</summary>
internal sealed class ConsoleLog
{
    private const int TailLines = 60;
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public void Add(string line)
    {
        lock (_lines) _lines.Add(line.TrimEnd('\r'));
    }

    public bool Contains(string pattern) => IndexOf(pattern, 0) >= 0;

    /// <summary>Index of the first line at or after <paramref name="from"/> matching the regex, or -1.</summary>
    public int IndexOf(string pattern, int from)
    {
        var lines = Lines;
        var regex = new Regex(pattern);
        for (var i = from; i < lines.Count; i++)
            if (regex.IsMatch(lines[i])) return i;
        return -1;
    }

    /// <summary>Asserts that lines matching the patterns appear in this order; returns their indexes.</summary>
    public int[] AssertInOrder(string context, params string[] patterns)
    {
        var found = new int[patterns.Length];
        var from = 0;
        for (var i = 0; i < patterns.Length; i++)
        {
            found[i] = IndexOf(patterns[i], from);
            if (found[i] < 0)
            {
                var where = i == 0 ? "anywhere" : $"after line {found[i - 1] + 1} (/{patterns[i - 1]}/)";
                var before = IndexOf(patterns[i], 0) is var early and >= 0 ? $", only earlier, at line {early + 1}" : "";
                Fail($"{context}: no line matching /{patterns[i]}/ {where}{before}");
            }
            from = found[i] + 1;
        }
        return found;
    }

    public void AssertPresent(string context, string pattern)
    {
        if (!Contains(pattern)) Fail($"{context}: no line matching /{pattern}/");
    }

    public void AssertAbsent(string context, string pattern)
    {
        var i = IndexOf(pattern, 0);
        if (i >= 0) Fail($"{context}: line {i + 1} matches /{pattern}/: {Lines[i]}");
    }

    public void Fail(string message) => Assert.Fail($"{message}\n{Tail()}");

    public string Tail()
    {
        var lines = Lines;
        var start = Math.Max(0, lines.Count - TailLines);
        var text = new StringBuilder($"--- last {lines.Count - start} of {lines.Count} console lines ---\n");
        for (var i = start; i < lines.Count; i++) text.Append(i + 1).Append(": ").Append(lines[i]).Append('\n');
        return text.ToString();
    }
}
