using Pid1.Scripts;
using Entry = Pid1.Scripts.ScriptSelection.Entry;

namespace Tests.UnitInit;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScriptSelectionTests
{
    private const UnixFileMode Executable = (UnixFileMode)0x1ed; // 0755
    private const UnixFileMode Plain = (UnixFileMode)0x1a4;      // 0644

    [Fact]
    public void Executable_regular_files_run_in_ordinal_name_order()
    {
        var (run, skipped) = ScriptSelection.Of([new Entry("010-net", true, Executable), new Entry("000-issue", true, Executable), new Entry("Z-last", true, Executable)]);
        Assert.Equal(["000-issue", "010-net", "Z-last"], run);
        Assert.Empty(skipped);
    }

    [Fact]
    public void Directories_and_files_without_an_execute_bit_are_skipped_with_the_reason()
    {
        var (run, skipped) = ScriptSelection.Of([new Entry("001-dir", false, 0), new Entry("002-conf", true, Plain), new Entry("003-user-x", true, UnixFileMode.UserExecute | UnixFileMode.UserRead)]);
        Assert.Equal(["003-user-x"], run);
        Assert.Equal([("001-dir", "not a regular file"), ("002-conf", "not executable (mode 0644)")], skipped);
    }

    [Fact]
    public void Dot_files_are_ignored_silently()
    {
        var (run, skipped) = ScriptSelection.Of([new Entry(".keep", true, Executable), new Entry(".swp", true, Plain)]);
        Assert.Empty(run);
        Assert.Empty(skipped);
    }

    [Fact]
    public void A_real_directory_reads_links_as_their_targets()
    {
        var dir = Directory.CreateTempSubdirectory("scripts-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(dir, "a"), Executable);
            File.CreateSymbolicLink(Path.Combine(dir, "b-link"), "a");
            File.CreateSymbolicLink(Path.Combine(dir, "c-dangling"), "nowhere");
            Directory.CreateDirectory(Path.Combine(dir, "d-dir"));
            var (run, skipped) = ScriptSelection.Of(ScriptSelection.Read(dir));
            Assert.Equal(["a", "b-link"], run);
            Assert.Equal(["c-dangling", "d-dir"], skipped.Select(s => s.Name));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_missing_directory_has_no_scripts() =>
        Assert.Empty(ScriptSelection.Read("/nonexistent-" + Guid.NewGuid().ToString("N")));
}
