using Linux;
using Shim.Config;
using static Linux.Native.Mount;

namespace Shim.Stage2;

/// <summary>The config's mounts[], in order, inside the new root. Targets are resolved inside the
/// root (<see cref="RootPath"/>) and created to match the source (a directory, or an empty file for a
/// file bind such as /dev/console). A bind takes its flags only through a second, remount call.</summary>
internal static class MountEntries
{
    public static void Run(Stage2Context context)
    {
        var mounts = context.Config.Spec.Mounts ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            try
            {
                MountOne(context, mounts[i], context.Config.MountOptions[i]);
            }
            catch (SysException e)
            {
                throw new SysException(e.Error.Wrap($"mounts[{i}] {mounts[i].Destination}"));
            }
        }
    }

    private static void MountOne(Stage2Context context, Oci.Mount m, MountOptions options)
    {
        var target = RootPath.Resolve(context.NewRoot, m.Destination);
        var type = m.Type ?? "none";
        if (type == "cgroup")
        {
            // No cgroup namespace plumbing yet: show the host's hierarchy, as runc does on cgroup v1.
            Bind("/sys/fs/cgroup", target, new MountOptions(options.Flags | MS_BIND | MS_REC, options.Propagation, ""));
            return;
        }
        if (options.IsBind)
        {
            var source = Path.GetFullPath(m.Source ?? throw new SysException(SysError.Plain("bind mount without a source")), context.Config.Bundle);
            Bind(source, target, options);
            return;
        }
        Directory.CreateDirectory(target);
        if (mount(m.Source ?? type, target, type, options.Flags, options.Data.Length > 0 ? options.Data : null) < 0)
        {
            var error = SysError.Last($"mount {type} on {target}");
            // Without its own network namespace a container may not mount sysfs: show the host's, read-only.
            if (type == "sysfs" && error.Errno.Value == Errno.EPERM)
                Bind("/sys", target, new MountOptions(MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, [], ""));
            else throw new SysException(error);
        }
        Propagate(target, options);
    }

    private static void Bind(string source, string target, MountOptions options)
    {
        if (Directory.Exists(source)) Directory.CreateDirectory(target);
        else if (File.Exists(source)) // files and device nodes alike
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target) && !Directory.Exists(target)) File.Create(target).Dispose();
        }
        else throw new SysException(new SysError($"bind {source}", new Errno(Errno.ENOENT)));
        if (mount(source, target, null, MS_BIND | (options.Flags & MS_REC), null) < 0)
            throw new SysException(SysError.Last($"bind {source} on {target}"));
        if (options.RemountFlags != 0 && mount(null, target, null, MS_REMOUNT | MS_BIND | options.RemountFlags, null) < 0)
            throw new SysException(SysError.Last($"remount {target} 0x{options.RemountFlags:x}"));
        Propagate(target, options);
    }

    private static void Propagate(string target, MountOptions options)
    {
        foreach (var p in options.Propagation)
            if (mount(null, target, null, p, null) < 0)
                throw new SysException(SysError.Last($"set propagation 0x{p:x} of {target}"));
    }
}
