using Linux;
using Linux.Native;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>The config's mounts[], in order, inside the new root. Each destination is opened inside the
/// root by the kernel (<see cref="RootDirectory"/>; created to match the source: a directory, or an
/// empty file for a file bind such as /dev/console) and mounted onto through its fd, so a symlink in
/// the image cannot make it land outside. A bind takes its flags only through a second, remount call,
/// made on the new mount (opened again: the first fd still names the directory under it).</summary>
internal static class MountEntries
{
    public static void Run(Stage2Context context)
    {
        var mounts = context.Setup.Mounts;
        using var root = RootDirectory.Open(context.NewRoot);
        for (var i = 0; i < mounts.Count; i++)
        {
            try
            {
                MountOne(context, root, mounts[i]);
            }
            catch (SysException e)
            {
                throw new SysException(e.Error.Wrap($"mounts[{i}] {mounts[i].Destination}"));
            }
        }
    }

    private static void MountOne(Stage2Context context, RootDirectory root, Protocol.MountEntry m)
    {
        var dest = m.Destination;
        var type = m.Type;
        var options = m.Options;
        if (type == "cgroup")
        {
            CgroupMount.Run(context, root, dest, options);
            return;
        }
        if (options.IsBind)
        {
            Bind(root, m.Source!, dest, options); // absolute: stage 1 resolved it against the bundle
            return;
        }
        SysError? error = null;
        var fd = root.OpenDirectory(dest);
        if (mount(m.Source ?? type, root.Target(fd, dest), type, options.Flags, options.Data.Length > 0 ? options.Data : null) < 0)
            error = SysError.Last($"mount {type} on {dest}");
        Fcntl.close(fd);
        // Without its own network namespace a container may not mount sysfs: show the host's, read-only.
        if (error is not null && type == "sysfs" && error.Errno.Value == Errno.EPERM)
            Bind(root, "/sys", dest, new Oci.MountArguments(MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, options.Propagation, ""));
        else if (error is not null) throw new SysException(error);
        else FollowUp(root, dest, options);
    }

    public static void Bind(RootDirectory root, string source, string dest, Oci.MountArguments options)
    {
        int fd;
        if (Directory.Exists(source)) fd = root.OpenDirectory(dest);
        else if (File.Exists(source)) fd = root.OpenFile(dest); // files and device nodes alike
        else throw new SysException(new SysError($"bind {source}", new Errno(Errno.ENOENT)));
        var rc = mount(source, root.Target(fd, dest), null, options.FirstCallFlags, null);
        var error = rc < 0 ? SysError.Last($"bind {source} on {dest}") : null;
        Fcntl.close(fd);
        if (error is not null) throw new SysException(error);
        FollowUp(root, dest, options);
    }

    private static void FollowUp(RootDirectory root, string dest, Oci.MountArguments options)
    {
        foreach (var flags in options.FollowUpCalls())
            OnMount(root, dest, flags, (flags & MS_REMOUNT) != 0 ? $"remount {dest} 0x{options.RemountFlags:x}" : $"set propagation 0x{flags:x} of {dest}");
    }

    /// <summary>A flags-only mount call (remount, propagation) on the mount now at <paramref name="dest"/>.</summary>
    public static void OnMount(RootDirectory root, string dest, ulong flags, string what)
    {
        var fd = root.OpenExisting(dest);
        if (fd < 0) throw new SysException(new SysError(what, new Errno(Errno.ENOENT)));
        var rc = mount(null, root.Target(fd, dest), null, flags, null);
        var error = rc < 0 ? SysError.Last(what) : null;
        Fcntl.close(fd);
        if (error is not null) throw new SysException(error);
    }
}
