namespace Oci;

/// <summary>The signals the shim passes on to its container, the only ones a container ever gets from its runtime
/// besides SIGKILL; so a <c>stopSignal</c> must be one of them (the builder checks). Numbers are x86-64 Linux's,
/// checked against lib/Linux's signal.h in Unit.Shim.</summary>
public static class ForwardedSignals
{
    /// <summary>(name without SIG, number).</summary>
    public static IReadOnlyList<(string Name, int Number)> All { get; } =
        [("TERM", 15), ("INT", 2), ("HUP", 1), ("QUIT", 3), ("USR1", 10), ("USR2", 12)];

    public static bool Contains(int number) => All.Any(s => s.Number == number);

    /// <summary>The number of a name with or without SIG; null when the shim does not forward it.</summary>
    public static int? FromName(string name)
    {
        var bare = name.StartsWith("SIG", StringComparison.Ordinal) ? name[3..] : name;
        foreach (var (n, number) in All)
            if (n == bare) return number;
        return null;
    }
}
