using Linux;
using Oci;
using ShimV2.Protocol.Types;
using ShimV2.Ttrpc;
using MountCalls = Linux.Native.Mount;

namespace ShimV2.Serve;

/// <summary>
/// The snapshot containerd hands Create as <c>rootfs</c> (an overlay of the image's layers, or a bind), mounted
/// on the bundle's <c>rootfs</c> directory before the runtime runs, and unmounted at Delete — what the runtime
/// then sees is an ordinary bundle. The options go through the mount option table the runtime and init use.
/// </summary>
internal static class RootfsMounts
{
    public static void Mount(string bundle, IReadOnlyList<Protocol.Types.Mount> mounts)
    {
        if (mounts.Count == 0) return; // the bundle brings its own rootfs (ctr run --rootfs)
        var target = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(target);
        for (var i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            var bind = m.Type is "bind" or "rbind";
            var args = MountOptionTable.Parse([.. m.Options], bind, out var problem)
                ?? throw new RpcException(RpcCode.InvalidArgument, $"rootfs[{i}].options[{problem.Index}]: {problem.Message}");
            if (MountCalls.mount(m.Source, target, bind ? null : m.Type, args.FirstCallFlags, args.Data.Length > 0 ? args.Data : null) != 0)
            {
                var error = SysError.Last($"mount {m.Type} {m.Source} on {target}");
                Unmount(bundle);
                throw new RpcException(RpcCode.Internal, $"rootfs[{i}]: {error}");
            }
            foreach (var flags in args.FollowUpCalls())
            {
                if (MountCalls.mount(null, target, null, flags, null) == 0) continue;
                var error = SysError.Last($"remount {target}");
                Unmount(bundle);
                throw new RpcException(RpcCode.Internal, $"rootfs[{i}]: {error}");
            }
        }
    }

    /// <summary>Unmounts every mount stacked on the bundle's rootfs; nothing mounted there is fine.</summary>
    public static SysError? Unmount(string bundle)
    {
        var target = Path.Combine(bundle, "rootfs");
        for (var i = 0; i < 16; i++)
        {
            if (MountCalls.umount2(target, MountCalls.UMOUNT_NOFOLLOW) == 0) continue;
            var errno = Errno.Last;
            if (errno.Value is Errno.EINVAL or Errno.ENOENT) return null; // not a mount point (any more)
            if (errno.Value == Errno.EBUSY && MountCalls.umount2(target, MountCalls.MNT_DETACH | MountCalls.UMOUNT_NOFOLLOW) == 0) continue;
            return new SysError($"unmount {target}", errno);
        }
        return null;
    }
}
