using Linux;
using static Linux.Native.Mount;

namespace Shim.Config;

/// <summary>A mounts[] entry's options turned into mount(2) arguments.</summary>
internal sealed record MountOptions(ulong Flags, IReadOnlyList<ulong> Propagation, string Data)
{
    public bool IsBind => (Flags & MS_BIND) != 0;

    /// <summary>Flags to apply with a MS_REMOUNT after the bind itself (ro, nosuid, ...), 0 when none.</summary>
    public ulong RemountFlags => Flags & ~(MS_BIND | MS_REC);

    // Option names as runc accepts them: (name, flag, true = the option clears the flag).
    private static readonly Dictionary<string, (ulong Flag, bool Clear)> FlagOptions = new()
    {
        ["defaults"] = (0, false), ["ro"] = (MS_RDONLY, false), ["rw"] = (MS_RDONLY, true),
        ["suid"] = (MS_NOSUID, true), ["nosuid"] = (MS_NOSUID, false), ["dev"] = (MS_NODEV, true),
        ["nodev"] = (MS_NODEV, false), ["exec"] = (MS_NOEXEC, true), ["noexec"] = (MS_NOEXEC, false),
        ["sync"] = (MS_SYNCHRONOUS, false), ["async"] = (MS_SYNCHRONOUS, true), ["dirsync"] = (MS_DIRSYNC, false),
        ["remount"] = (MS_REMOUNT, false), ["mand"] = (MS_MANDLOCK, false), ["nomand"] = (MS_MANDLOCK, true),
        ["atime"] = (MS_NOATIME, true), ["noatime"] = (MS_NOATIME, false), ["diratime"] = (MS_NODIRATIME, true),
        ["nodiratime"] = (MS_NODIRATIME, false), ["bind"] = (MS_BIND, false), ["rbind"] = (MS_BIND | MS_REC, false),
        ["relatime"] = (MS_RELATIME, false), ["norelatime"] = (MS_RELATIME, true),
        ["strictatime"] = (MS_STRICTATIME, false), ["nostrictatime"] = (MS_STRICTATIME, true),
        ["lazytime"] = (MS_LAZYTIME, false), ["nolazytime"] = (MS_LAZYTIME, true),
        ["silent"] = (MS_SILENT, false), ["loud"] = (MS_SILENT, true),
        ["nosymfollow"] = (MS_NOSYMFOLLOW, false), ["symfollow"] = (MS_NOSYMFOLLOW, true),
        ["iversion"] = (1UL << 23, false), ["noiversion"] = (1UL << 23, true),
    };

    private static readonly Dictionary<string, ulong> PropagationOptions = new()
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["shared"] = MS_SHARED,
        ["rshared"] = MS_SHARED | MS_REC, ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    // Filesystem options without '=' that go to the filesystem as data, as mount(8) passes them.
    private static readonly HashSet<string> DataWords = ["newinstance", "userxattr", "acl", "noacl", "nouser_xattr", "user_xattr", "metacopy=on"];

    // runc extensions we accept and do not need (tmpcopyup copies an image dir into a tmpfs).
    private static readonly HashSet<string> IgnoredWords = ["tmpcopyup", "idmap", "ridmap", "rro", "rrw"];

    /// <summary>Parses <paramref name="options"/> of <c>mounts[index]</c>; an unknown option throws naming it.</summary>
    public static MountOptions Parse(IReadOnlyList<string>? options, int index, string? type)
    {
        ulong flags = string.Equals(type, "bind", StringComparison.Ordinal) ? MS_BIND : 0;
        var propagation = new List<ulong>();
        var data = new List<string>();
        for (var j = 0; j < (options?.Count ?? 0); j++)
        {
            var option = options![j] ?? throw new SysException(SysError.Plain($"mounts[{index}].options[{j}]: null"));
            if (FlagOptions.TryGetValue(option, out var f))
                flags = f.Clear ? flags & ~f.Flag : flags | f.Flag;
            else if (PropagationOptions.TryGetValue(option, out var p))
                propagation.Add(p);
            else if (option.Contains('=', StringComparison.Ordinal) || DataWords.Contains(option))
                data.Add(option);
            else if (!IgnoredWords.Contains(option))
                throw new SysException(SysError.Plain($"mounts[{index}].options[{j}]: unknown mount option \"{option}\""));
        }
        return new MountOptions(flags, propagation, string.Join(',', data));
    }
}
