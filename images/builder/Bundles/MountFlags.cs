namespace Builder.Bundles;

/// <summary>
/// fstab-style mount options as mount(2) flags (linux/mount.h values), for the <c>runtime.mounts</c> that init
/// performs itself: the builder normalises them so init parses nothing. Options not in the table are
/// filesystem data (<c>size=10m</c>, <c>lowerdir=...</c>), as mount(8) and LinuxKit pass them.
/// </summary>
internal static class MountFlags
{
    public const ulong Bind = 0x1000, Rec = 0x4000;

    private static readonly Dictionary<string, (ulong Flag, bool Clear)> Flags = new(StringComparer.Ordinal)
    {
        ["defaults"] = (0, false), ["ro"] = (0x1, false), ["rw"] = (0x1, true), ["nosuid"] = (0x2, false), ["suid"] = (0x2, true),
        ["nodev"] = (0x4, false), ["dev"] = (0x4, true), ["noexec"] = (0x8, false), ["exec"] = (0x8, true),
        ["sync"] = (0x10, false), ["async"] = (0x10, true), ["remount"] = (0x20, false), ["mand"] = (0x40, false),
        ["nomand"] = (0x40, true), ["dirsync"] = (0x80, false), ["noatime"] = (0x400, false), ["atime"] = (0x400, true),
        ["nodiratime"] = (0x800, false), ["diratime"] = (0x800, true), ["bind"] = (Bind, false), ["rbind"] = (Bind | Rec, false),
        ["relatime"] = (0x200000, false), ["norelatime"] = (0x200000, true), ["strictatime"] = (0x1000000, false),
        ["nostrictatime"] = (0x1000000, true),
    };

    private static readonly Dictionary<string, ulong> Propagations = new(StringComparer.Ordinal)
    {
        ["unbindable"] = 0x20000, ["runbindable"] = 0x20000 | Rec, ["private"] = 0x40000, ["rprivate"] = 0x40000 | Rec,
        ["slave"] = 0x80000, ["rslave"] = 0x80000 | Rec, ["shared"] = 0x100000, ["rshared"] = 0x100000 | Rec,
    };

    public static (ulong Flags, ulong Propagation, string Data) Parse(IEnumerable<string> options)
    {
        ulong flags = 0, propagation = 0;
        var data = new List<string>();
        foreach (var o in options)
        {
            if (Flags.TryGetValue(o, out var f)) flags = f.Clear ? flags & ~f.Flag : flags | f.Flag;
            else if (Propagations.TryGetValue(o, out var p)) propagation = p;
            else data.Add(o);
        }
        return (flags, propagation, string.Join(',', data));
    }
}
