using System.Diagnostics;

namespace Builder.Registry;

/// <summary>
/// One line on the terminal for a long blob download, rewritten in place with bytes so far, the total and
/// the rate, e.g. <c>pull docker.io/linuxkit/kernel:6.12: sha256:0a1b2c3d4e5f 12.0 MiB of 48.3 MiB, 3.1 MiB/s</c>.
/// Nothing is written for the first second (a small blob would only flicker) nor when stderr is not a
/// terminal (a CI log or a test's pipe gets no carriage returns).
/// </summary>
internal sealed class PullProgress(TextWriter? terminal, string what, long? total)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _shown = TimeSpan.Zero;
    private bool _started;
    private long _bytes;

    /// <summary>stderr when it is a terminal, else null (no progress at all).</summary>
    public static TextWriter? Terminal => Console.IsErrorRedirected ? null : Console.Error;

    public void Advance(int bytes)
    {
        _bytes += bytes;
        if (terminal is null) return;
        var now = _clock.Elapsed;
        if (now < Quiet || now - _shown < Every) return;
        _shown = now;
        _started = true;
        terminal.Write($"\r{Line(now)}\x1b[K");
    }

    /// <summary>Ends the line if one was shown, so the next output starts on a fresh line.</summary>
    public void Finish()
    {
        if (!_started) return;
        terminal!.Write($"\r{Line(_clock.Elapsed)}\x1b[K\n");
        _started = false;
    }

    private string Line(TimeSpan elapsed)
    {
        var rate = _bytes / Math.Max(elapsed.TotalSeconds, 0.001);
        var of = total is { } t ? $" of {Size(t)}" : "";
        return $"{what} {Size(_bytes)}{of}, {Size((long)rate)}/s";
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1 << 10 => $"{bytes} B",
        < 1 << 20 => $"{bytes / 1024.0:0.0} KiB",
        < 1 << 30 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
