using System.Text;

namespace Pid1.Logs;

/// <summary>
/// Lines of a container's output with a cap on their length: a line longer than <see cref="MaxChars"/>
/// comes out in pieces of that size, so a container that writes a megabyte (or an endless) line without a
/// newline costs init a fixed buffer, not a string as long as the line. A final line without a newline is
/// still returned at end-of-file. Not thread-safe: one pump reads it.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars = BoundedLineReader.DefaultMaxChars)
{
    public const int DefaultMaxChars = 16 * 1024;
    private readonly char[] _buffer = new char[4096];
    private readonly StringBuilder _line = new();
    private int _start, _end;
    /// <summary>The last piece was cut at the cap: a newline right after it ends that line, not an empty one.</summary>
    private bool _cut;

    public int MaxChars { get; } = maxChars;

    /// <summary>The next line or piece of one, without its newline; null at end-of-file.</summary>
    public async ValueTask<string?> ReadLineAsync()
    {
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer.AsMemory()).ConfigureAwait(false);
                if (_end == 0) return _line.Length > 0 ? Take() : null;
            }
            if (_cut && _line.Length == 0 && _buffer[_start] == '\n') _start++;
            _cut = false;
            if (_start == _end) continue;
            var room = MaxChars - _line.Length;
            var span = _buffer.AsSpan(_start, Math.Min(_end - _start, room));
            var newline = span.IndexOf('\n');
            if (newline >= 0)
            {
                _line.Append(span[..newline]);
                _start += newline + 1;
                return Take();
            }
            _line.Append(span);
            _start += span.Length;
            if (_line.Length < MaxChars) continue;
            _cut = true;
            return Take();
        }
    }

    private string Take()
    {
        var text = _line.ToString();
        _line.Clear();
        // Output written on a terminal-minded program may end lines with \r\n.
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
