namespace Tests.HostShim;

/// <summary>What a container may leave behind on the host, counted before and after: mounts in our mount
/// namespace and processes whose command line mentions a marker (the container's ID or a hook's argument).</summary>
internal sealed record Leftovers(int Mounts, int Processes)
{
    public static Leftovers Count(string marker) => new(File.ReadAllLines("/proc/self/mountinfo").Length, ProcessesWith(marker));

    public static int ProcessesWith(string marker)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (cmdline.Contains(marker, StringComparison.Ordinal) && stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z') count++;
            }
            catch (IOException)
            {
                // It ended while we looked.
            }
        }
        return count;
    }
}
