namespace Pid1.Logs;

/// <summary>A log file several writers append whole lines to (init's Console.Out and Console.Error).
/// A write error ends the copying for good: the console still has every line, and init must not stall
/// or throw because /var/log is full.</summary>
internal sealed class SharedLogFile(RotatingLogFile file)
{
    private readonly Lock _gate = new();
    private bool _broken;

    public void Append(string line)
    {
        lock (_gate)
        {
            if (_broken) return;
            try { file.Append(DateTime.UtcNow, line); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _broken = true; }
        }
    }
}
