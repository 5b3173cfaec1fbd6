using System.Text;

namespace Pid1.Logs;

/// <summary>
/// Makes init's own console lines readable from inside the system as /var/log/init.log (rotated like a
/// container's log): Console.Out and Console.Error become writers that pass everything to the plain fd
/// writers ConsoleSetup installed and copy each complete line into the file. Serilog's console sink looks
/// up Console.Out for every event, so this can be switched on once /var/log exists, after the mounts;
/// lines from before that are on the console only. A write error to the file ends the copying, never the
/// console output.
/// </summary>
internal sealed class InitLogTee : TextWriter
{
    public const string Path = "/var/log/init.log";

    private readonly TextWriter _console;
    private readonly SharedLogFile _file;
    private readonly StringBuilder _line = new();

    private InitLogTee(TextWriter console, SharedLogFile file)
    {
        _console = console;
        _file = file;
    }

    public override Encoding Encoding => _console.Encoding;

    /// <summary>Call once, after /var is mounted.</summary>
    public static void Start(string path = Path)
    {
        var file = new SharedLogFile(new RotatingLogFile(path));
        Console.SetOut(Synchronized(new InitLogTee(Console.Out, file)));
        Console.SetError(Synchronized(new InitLogTee(Console.Error, file)));
    }

    public override void Write(char value)
    {
        _console.Write(value);
        if (value == '\n') { _file.Append(_line.ToString()); _line.Clear(); }
        else if (value != '\r') _line.Append(value);
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        _console.Write(value);
        var start = 0;
        for (int nl; (nl = value.IndexOf('\n', start)) >= 0; start = nl + 1)
        {
            _line.Append(value, start, nl - start);
            _file.Append(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        _line.Append(value, start, value.Length - start);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush() => _console.Flush();
}
