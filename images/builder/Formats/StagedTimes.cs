namespace Builder.Formats;

/// <summary>Gives staged files and directories one fixed mtime, so tools that copy it (mcopy -m, xorriso) record no build time.</summary>
internal static class StagedTimes
{
    public static void Set(string path, long epoch)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime;
        if (Directory.Exists(path))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
                Touch(entry, time);
        }
        Touch(path, time);
    }

    private static void Touch(string path, DateTime time)
    {
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, time);
        else File.SetLastWriteTimeUtc(path, time);
    }
}
