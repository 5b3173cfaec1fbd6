namespace Tests.HostEngines;

/// <summary>The container commands every engine's scenarios share, busybox sh inside the image.</summary>
internal static class Scenarios
{
    /// <summary>What the container reads of its own limits: cgroup v1 files on a v1 or hybrid host,
    /// v2's where the container sees a cgroup2 root.</summary>
    public const string Limits =
        "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; " +
        "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max";

    public const string MemoryLimit = "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes";

    /// <summary>A service that reports the signals it gets and leaves cleanly on SIGTERM.</summary>
    public const string Service = "trap 'echo got-usr1' USR1; trap 'echo bye; exit 0' TERM; echo started; while true; do sleep 0.2; done";

    public const string EnvUserCwd = "echo $FOO $(id -u):$(id -g) $(pwd)";

    /// <summary>A seccomp profile with an action no runtime knows: refused, with the field named.</summary>
    public static string BadSeccompProfile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("seccomp-").FullName, "bad.json");
        File.WriteAllText(path, """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_MAYBE"}]}""");
        return path;
    }

    public const string BadSeccompField = "linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_MAYBE\"";

    /// <summary>True when some cgroup v1 hierarchy or the v2 tree still has a directory of that name.</summary>
    public static bool CgroupLeft(string name) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup", name, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true }).Any();

    /// <summary>Runs a command with a terminal as its stdin/stdout (the engine's -t needs one for -i).</summary>
    public static Cli WithTerminal(string command) => Cli.Run("/usr/bin/script", ["-qec", command, "/dev/null"], holdStdin: true);

    /// <summary>What the terminal showed, without script's rendering of the NUL the engine's client
    /// writes while it resizes the terminal, nor the terminal's CR LF.</summary>
    public static (int, string) TerminalResult(Cli c) =>
        (c.ExitCode, c.Stdout.Replace("\0", "", StringComparison.Ordinal).Replace("^@", "", StringComparison.Ordinal).Trim());
}
