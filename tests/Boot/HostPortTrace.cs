namespace Tests.Boot;

/// <summary>
/// What each of <see cref="HostPort.Retry"/>'s attempts met, with the time, runs of the same outcome as
/// one line: a boot test that timed out says whether the host never got through or the guest never
/// acted on what it sent.
/// </summary>
internal sealed class HostPortTrace
{
    private readonly List<(DateTime First, DateTime Last, string What, int Count)> _runs = [];

    public void Add(string what)
    {
        var now = DateTime.UtcNow;
        lock (_runs)
        {
            if (_runs.Count > 0 && _runs[^1].What == what)
                _runs[^1] = _runs[^1] with { Last = now, Count = _runs[^1].Count + 1 };
            else
                _runs.Add((now, now, what, 1));
        }
    }

    public override string ToString()
    {
        lock (_runs)
            return string.Join("\n", _runs.Select(r => r.Count == 1
                ? $"{r.First:HH:mm:ss.fff} {r.What}"
                : $"{r.First:HH:mm:ss.fff}-{r.Last:HH:mm:ss.fff} {r.What} (x{r.Count})"));
    }
}
