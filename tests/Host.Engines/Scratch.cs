namespace Tests.HostEngines;

/// <summary>Removes an engine's temporary directory once its daemon ended: whatever it still has
/// mounted there (overlay layers, shm) is lazily unmounted first, so nothing is deleted through a
/// mount and nothing stays mounted. The parent cgroups the engine made (docker, libpod_parent,
/// containerd's namespace) go too when empty — in use by another engine on this host, they stay.</summary>
internal static class Scratch
{
    public static void Remove(string dir)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(dir + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Length);
        foreach (var mount in mounts) Cli.Run("/bin/umount", ["-l", mount]);
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a file the engine still held open as it ended; the directory is under /tmp
        }
    }

    public static void RemoveEmptyCgroups(string name)
    {
        var hierarchies = Directory.EnumerateDirectories("/sys/fs/cgroup").Prepend("/sys/fs/cgroup");
        foreach (var top in hierarchies.Select(h => Path.Combine(h, name)).Where(Directory.Exists))
            RemoveDeepestFirst(top);
    }

    private static void RemoveDeepestFirst(string directory)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(directory)) RemoveDeepestFirst(child);
            Directory.Delete(directory, recursive: false); // rmdir: cgroupfs refuses it while in use
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
