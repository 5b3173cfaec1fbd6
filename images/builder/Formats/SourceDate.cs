namespace Builder.Formats;

/// <summary>
/// The one timestamp every file and volume of a disk image carries, so two builds give the same bytes:
/// <c>$SOURCE_DATE_EPOCH</c> (reproducible-builds.org) when set, else 1980-01-01 00:00 UTC. FAT cannot
/// store dates before 1980 (mtools wraps 1970 round to 2098), so earlier values are refused.
/// </summary>
internal static class SourceDate
{
    public const long FatEpoch = 315532800;
    private const long FatEnd = 4354819199; // 2107-12-31 23:59:59 UTC, FAT's last representable second

    public static long Seconds()
    {
        var text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(text)) return FatEpoch;
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, null, out var seconds) || seconds < FatEpoch || seconds > FatEnd)
            throw new BuildFailure($"SOURCE_DATE_EPOCH={text}: expected seconds since 1970 from {FatEpoch} (1980, FAT's first date) to {FatEnd}");
        return seconds;
    }
}
