using Pid1.Logs;

namespace Tests.UnitInit;

/// <summary>/var/log/NAME.log: timestamped lines, size-based rotation, no line lost or duplicated across rotations.</summary>
public sealed class LogRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cinit-logs-").FullName;
    private static readonly DateTime At = new(2026, 11, 27, 9, 58, 1, 234, DateTimeKind.Utc);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_line_is_prefixed_with_its_utc_time() =>
        Assert.Equal("2026-11-27T09:58:01.234Z hello\n", RotatingLogFile.Format(At, "hello"));

    [Fact]
    public void Every_line_survives_until_the_files_are_full()
    {
        var path = Path.Combine(_dir, "flood.log");
        using (var log = new RotatingLogFile(path, maxBytes: 64 * 1024, keep: 5))
            for (var i = 1; i <= 8000; i++) log.Append(At, $"line-{i}"); // about 280 KiB: fits in 5 x 64 KiB

        var lines = Enumerable.Range(0, 5).Reverse().Select(n => RotatingLogFile.Generation(path, n))
            .Where(File.Exists).SelectMany(File.ReadLines).ToList();
        Assert.Equal(Enumerable.Range(1, 8000).Select(i => $"2026-11-27T09:58:01.234Z line-{i}"), lines);
        Assert.True(File.Exists(path + ".4"), "the flood should have used all five files");
        Assert.All(Directory.GetFiles(_dir), f => Assert.InRange(new FileInfo(f).Length, 1, 64 * 1024));
    }

    [Fact]
    public void The_oldest_file_is_dropped_and_no_more_than_keep_files_exist()
    {
        var path = Path.Combine(_dir, "chatty.log");
        using (var log = new RotatingLogFile(path, maxBytes: 1000, keep: 3))
            for (var i = 1; i <= 1000; i++) log.Append(At, $"line-{i}");

        Assert.Equal(new[] { "chatty.log", "chatty.log.1", "chatty.log.2" }, Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)).Order().ToArray());
        var kept = new[] { 2, 1, 0 }.SelectMany(n => File.ReadLines(RotatingLogFile.Generation(path, n))).ToList();
        // Whatever is kept is the newest lines, contiguous and ending with the last one.
        var numbers = kept.Select(l => int.Parse(l[(l.LastIndexOf('-') + 1)..])).ToList();
        Assert.Equal(1000, numbers[^1]);
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }

    [Fact]
    public void Appending_continues_an_existing_file_after_an_init_restart()
    {
        var path = Path.Combine(_dir, "web.log");
        using (var log = new RotatingLogFile(path)) log.Append(At, "first");
        using (var log = new RotatingLogFile(path)) log.Append(At, "second");
        Assert.Equal(2, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void A_missing_directory_is_an_IOException_for_the_pump_to_report() =>
        Assert.Throws<DirectoryNotFoundException>(() => new RotatingLogFile(Path.Combine(_dir, "nope", "x.log")).Append(At, "x"));
}
