using Linux;
using Oci;
using Shim.Config;
using static Linux.Native.Mount;

namespace Tests.UnitShim;

/// <summary>lib/Oci's MountOptionTable, the one table of the builder, the shim and init, as the shim reads
/// config.json's mounts[] with it (MountFields).</summary>
public sealed class MountOptionsTests
{
    private static MountArguments Parse(string?[] options, string? type = null) =>
        MountOptionTable.Parse(options, type == "bind", out var problem) ?? throw new InvalidOperationException(problem.Message);

    public static TheoryData<string, ulong, ulong> FlagCases => new()
    {
        // option, flags when starting from none, flags when starting from every flag the option touches
        { "defaults", 0, 0 }, { "ro", MS_RDONLY, 0 }, { "nosuid", MS_NOSUID, 0 }, { "nodev", MS_NODEV, 0 },
        { "noexec", MS_NOEXEC, 0 }, { "sync", MS_SYNCHRONOUS, 0 }, { "dirsync", MS_DIRSYNC, 0 },
        { "remount", MS_REMOUNT, 0 }, { "mand", MS_MANDLOCK, 0 }, { "noatime", MS_NOATIME, 0 },
        { "nodiratime", MS_NODIRATIME, 0 }, { "bind", MS_BIND, 0 }, { "rbind", MS_BIND | MS_REC, 0 },
        { "relatime", MS_RELATIME, 0 }, { "strictatime", MS_STRICTATIME, 0 }, { "lazytime", MS_LAZYTIME, 0 },
        { "silent", MS_SILENT, 0 }, { "nosymfollow", MS_NOSYMFOLLOW, 0 }, { "iversion", 1UL << 23, 0 },
    };

    [Theory]
    [MemberData(nameof(FlagCases))]
    public void Each_flag_option_sets_its_flag(string option, ulong expected, ulong _)
    {
        var parsed = Parse([option], "tmpfs");
        Assert.Equal(expected, parsed.Flags);
        Assert.Empty(parsed.Propagation);
        Assert.Equal("", parsed.Data);
    }

    [Theory]
    [InlineData("ro", "rw", MS_RDONLY)]
    [InlineData("nosuid", "suid", MS_NOSUID)]
    [InlineData("nodev", "dev", MS_NODEV)]
    [InlineData("noexec", "exec", MS_NOEXEC)]
    [InlineData("sync", "async", MS_SYNCHRONOUS)]
    [InlineData("mand", "nomand", MS_MANDLOCK)]
    [InlineData("noatime", "atime", MS_NOATIME)]
    [InlineData("nodiratime", "diratime", MS_NODIRATIME)]
    [InlineData("relatime", "norelatime", MS_RELATIME)]
    [InlineData("strictatime", "nostrictatime", MS_STRICTATIME)]
    [InlineData("lazytime", "nolazytime", MS_LAZYTIME)]
    [InlineData("silent", "loud", MS_SILENT)]
    [InlineData("nosymfollow", "symfollow", MS_NOSYMFOLLOW)]
    public void The_opposite_option_clears_the_flag_again(string set, string clear, ulong flag)
    {
        Assert.Equal(flag | MS_NODEV, Parse(["nodev", set]).Flags | MS_NODEV);
        Assert.Equal(0UL, Parse([set, clear]).Flags & flag);
    }

    [Theory]
    [InlineData("private", MS_PRIVATE)]
    [InlineData("rprivate", MS_PRIVATE | MS_REC)]
    [InlineData("shared", MS_SHARED)]
    [InlineData("rshared", MS_SHARED | MS_REC)]
    [InlineData("slave", MS_SLAVE)]
    [InlineData("rslave", MS_SLAVE | MS_REC)]
    [InlineData("unbindable", MS_UNBINDABLE)]
    [InlineData("runbindable", MS_UNBINDABLE | MS_REC)]
    public void Propagation_options_are_kept_apart_from_the_flags(string option, ulong expected)
    {
        var parsed = Parse(["rbind", option]);
        Assert.Equal(MS_BIND | MS_REC, parsed.Flags);
        Assert.Equal([expected], parsed.Propagation);
    }

    [Fact]
    public void Filesystem_options_become_the_data_string_in_order()
    {
        var parsed = Parse(["nosuid", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5", "noexec"], "devpts");
        Assert.Equal(MS_NOSUID | MS_NOEXEC, parsed.Flags);
        Assert.Equal("newinstance,ptmxmode=0666,mode=0620,gid=5", parsed.Data);
    }

    [Fact]
    public void Type_bind_is_a_bind_and_only_extra_flags_need_a_remount()
    {
        var parsed = Parse(["rbind", "ro", "nosuid"], "bind");
        Assert.True(parsed.IsBind);
        Assert.Equal(MS_RDONLY | MS_NOSUID, parsed.RemountFlags);
        Assert.Equal(0UL, Parse(["rbind"], "none").RemountFlags);
    }

    [Fact]
    public void A_bind_mounts_with_bind_and_rec_only_then_remounts_then_sets_each_propagation()
    {
        var parsed = Parse(["rbind", "ro", "nosuid", "rslave", "shared"], "bind");
        Assert.Equal(MS_BIND | MS_REC, parsed.FirstCallFlags);
        Assert.Equal([MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID, MS_SLAVE | MS_REC, MS_SHARED], parsed.FollowUpCalls());
        var plain = Parse(["ro", "nosuid", "rprivate"], "tmpfs");
        Assert.Equal(MS_RDONLY | MS_NOSUID, plain.FirstCallFlags);
        Assert.Equal([MS_PRIVATE | MS_REC], plain.FollowUpCalls());
        Assert.Empty(Parse(["rbind"], "bind").FollowUpCalls());
    }

    public static TheoryData<string> FlagNames => [.. MountOptionTable.Flags.Keys];

    /// <summary>lib/Oci holds the numbers as data (the builder may not use lib/Linux); they must be mount.h's.</summary>
    [Theory]
    [MemberData(nameof(FlagNames))]
    public void The_table_flags_are_the_syscall_layers_constants(string option)
    {
        ulong[] known = [MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_SYNCHRONOUS, MS_REMOUNT, MS_MANDLOCK, MS_DIRSYNC,
            MS_NOSYMFOLLOW, MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_BIND | MS_REC, MS_SILENT, MS_RELATIME, 1UL << 23,
            MS_STRICTATIME, MS_LAZYTIME];
        var flag = MountOptionTable.Flags[option].Flag;
        Assert.True(flag == 0 ? option == "defaults" : known.Contains(flag), $"{option}: 0x{flag:x} is not a mount.h flag");
        Assert.Equal(MountOptionTable.MS_BIND, MS_BIND);
        Assert.Equal(MountOptionTable.MS_REMOUNT, MS_REMOUNT);
        Assert.Equal(MountOptionTable.MS_LAZYTIME, MS_LAZYTIME);
        Assert.Equal(MountOptionTable.MS_NOSYMFOLLOW, MS_NOSYMFOLLOW);
    }

    [Theory]
    [InlineData(new[] { "ro", "bogus" }, 3, "mounts[3].options[1]: unknown mount option \"bogus\"")]
    [InlineData(new[] { "RO" }, 0, "mounts[0].options[0]: unknown mount option \"RO\"")]
    [InlineData(new[] { "ro", null }, 1, "mounts[1].options[1]: null")]
    public void An_unknown_option_is_an_error_naming_it(string?[] options, int index, string message)
    {
        var mounts = Enumerable.Range(0, index + 1).Select(_ => new Oci.Mount { Destination = "/m", Type = "tmpfs", Options = ["ro"] }).ToList();
        mounts[index] = mounts[index] with { Options = [.. options.Select(o => o!)] }; // a null stays null: JSON can hold one
        var e = Assert.Throws<SysException>(() => MountFields.Check(mounts));
        Assert.Equal(message, e.Error.ToString());
    }
}
