namespace Tests.HostEngines;

/// <summary>Removes an engine's temporary directory once its daemon ended: whatever it still has
/// mounted there (overlay layers, shm) is lazily unmounted first, so nothing is deleted through a
/// mount and nothing stays mounted.</summary>
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
}
