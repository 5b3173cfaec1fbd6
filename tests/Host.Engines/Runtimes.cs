namespace Tests.HostEngines;

/// <summary>The two runtimes each scenario runs side by side: Debian's runc and ours.</summary>
internal static class Runtimes
{
    public static string Runc => Cli.Need("/usr/sbin/runc", "runc");

    public static string Ours => Tests.Common.RepoPaths.Binary("containerd-shim");

    /// <summary>Runs <paramref name="scenario"/> with runc, then with ours, and asserts both give
    /// <paramref name="expected"/>: a difference is ours to fix, and runc failing means the test's
    /// own assumptions about this host are wrong.</summary>
    public static void BothGive<T>(T expected, Func<string, T> scenario)
    {
        var runc = scenario("runc");
        Assert.Equal(expected, runc);
        var ours = scenario("ours");
        Assert.Equal(expected, ours);
    }
}
