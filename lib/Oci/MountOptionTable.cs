namespace Oci;

/// <summary>
/// The mount option names of config.json's <c>mounts[].options</c> (runc's and mount(8)'s vocabulary) as
/// mount(2) arguments: the one table the builder (to check <c>binds</c>, <c>tmpfs</c>, <c>mounts</c> and
/// <c>runtime.mounts</c> at build time and to normalise <c>runtime.mounts</c> for init), the shim and init
/// use. The numbers are linux/mount.h's MS_ values, kept here as data (no syscall: the builder may use this
/// library, never lib/Linux); Unit.Linux checks them against lib/Linux's mount.cs.
/// </summary>
public static class MountOptionTable
{
    internal const ulong MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8, MS_SYNCHRONOUS = 0x10,
        MS_REMOUNT = 0x20, MS_MANDLOCK = 0x40, MS_DIRSYNC = 0x80, MS_NOSYMFOLLOW = 0x100, MS_NOATIME = 0x400,
        MS_NODIRATIME = 0x800, MS_BIND = 0x1000, MS_REC = 0x4000, MS_SILENT = 0x8000, MS_UNBINDABLE = 0x20000,
        MS_PRIVATE = 0x40000, MS_SLAVE = 0x80000, MS_SHARED = 0x100000, MS_RELATIME = 0x200000,
        MS_I_VERSION = 0x800000, MS_STRICTATIME = 0x1000000, MS_LAZYTIME = 0x2000000;

    /// <summary>(name, flag, true = the option clears the flag).</summary>
    public static IReadOnlyDictionary<string, (ulong Flag, bool Clear)> Flags { get; } = new Dictionary<string, (ulong, bool)>(StringComparer.Ordinal)
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
        ["iversion"] = (MS_I_VERSION, false), ["noiversion"] = (MS_I_VERSION, true),
    };

    /// <summary>Propagation names (also <c>linux.rootfsPropagation</c>'s values) as the flags of their own
    /// mount(2) call.</summary>
    public static IReadOnlyDictionary<string, ulong> Propagations { get; } = new Dictionary<string, ulong>(StringComparer.Ordinal)
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["shared"] = MS_SHARED,
        ["rshared"] = MS_SHARED | MS_REC, ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    /// <summary>Filesystem options without '=' that go to the filesystem as data, as mount(8) passes them.</summary>
    public static IReadOnlySet<string> DataWords { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "newinstance", "userxattr", "acl", "noacl", "nouser_xattr", "user_xattr" };

    /// <summary>runc extensions accepted and not needed (tmpcopyup copies an image dir into a tmpfs).</summary>
    public static IReadOnlySet<string> IgnoredWords { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "tmpcopyup", "idmap", "ridmap", "rro", "rrw" };

    /// <summary>Every option name the table knows, for the tests that try each.</summary>
    public static IEnumerable<string> Names => Flags.Keys.Concat(Propagations.Keys).Concat(DataWords).Concat(IgnoredWords);

    /// <summary>
    /// <paramref name="options"/> as mount(2) arguments; <paramref name="bind"/> when the mount's type says
    /// bind. Options with '=' and <see cref="DataWords"/> are the filesystem's data, in order. An option the
    /// table does not know gives null and <paramref name="problem"/>: its index and what is wrong with it, for
    /// the caller to name as its field (<c>mounts[3].options[1]</c>, a YAML line and column).
    /// </summary>
    public static MountArguments? Parse(IReadOnlyList<string?>? options, bool bind, out (int Index, string Message) problem)
    {
        problem = default;
        var flags = bind ? MS_BIND : 0;
        var propagation = new List<ulong>();
        var data = new List<string>();
        for (var i = 0; i < (options?.Count ?? 0); i++)
        {
            var option = options![i];
            if (option is null)
            {
                problem = (i, "null");
                return null;
            }
            if (Flags.TryGetValue(option, out var f)) flags = f.Clear ? flags & ~f.Flag : flags | f.Flag;
            else if (Propagations.TryGetValue(option, out var p)) propagation.Add(p);
            else if (option.Contains('=', StringComparison.Ordinal) || DataWords.Contains(option)) data.Add(option);
            else if (!IgnoredWords.Contains(option))
            {
                problem = (i, $"unknown mount option \"{option}\"");
                return null;
            }
        }
        return new MountArguments(flags, propagation, string.Join(',', data));
    }
}
