using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>
/// Capabilities and user, in the order that keeps the privileges each call needs: the bounding set is
/// dropped while CAP_SETPCAP is still effective; PR_SET_KEEPCAPS keeps the permitted set across the
/// switch to a non-root uid (the kernel clears it otherwise); then capset installs the configured
/// sets and the ambient ones are raised (they must be permitted and inheritable already). Capability
/// state is per thread; this all runs on the thread that execs. A config without process.capabilities
/// gets empty sets (ContainerConfig, sent so by stage 1), as under runc. The user switch uses the raw,
/// per-thread system calls (Unistd.sys_setresuid): the runtime's finalizer thread need not follow, as
/// the exec ends it, and glibc's wrappers would wait for it three times (lib/Linux unistd.cs).
/// </summary>
internal static unsafe class Credentials
{
    public static void DropBoundingSet(Stage2Context context)
    {
        var caps = context.Setup.Capabilities;
        var last = Capability.LastCap();
        for (var cap = 0; cap <= last; cap++)
        {
            if ((caps.Bounding & (1UL << cap)) != 0) continue;
            if (Prctl.prctl(Prctl.PR_CAPBSET_DROP, (ulong)cap, 0, 0, 0) < 0)
                throw new SysException(SysError.Last($"drop {Oci.CapabilityTable.Name(cap)} from the bounding set"));
        }
    }

    public static void SwitchUser(Stage2Context context)
    {
        var setup = context.Setup;
        var groups = setup.AdditionalGids.ToArray();
        // A joined user namespace may deny setgroups (its maker was unprivileged); without additional
        // gids there is nothing to set then, as under runc.
        fixed (uint* g = groups)
            if (Unistd.sys_setgroups((nuint)groups.Length, g) < 0 && !(groups.Length == 0 && Errno.Last.Value == Errno.EPERM && SetgroupsDenied()))
                throw new SysException(SysError.Last($"setgroups [{string.Join(',', groups)}]"));
        if (Prctl.prctl(Prctl.PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
            throw new SysException(SysError.Last("prctl PR_SET_KEEPCAPS"));
        if (Unistd.sys_setresgid(setup.Gid, setup.Gid, setup.Gid) < 0)
            throw new SysException(SysError.Last($"setresgid {setup.Gid}"));
        if (Unistd.sys_setresuid(setup.Uid, setup.Uid, setup.Uid) < 0)
            throw new SysException(SysError.Last($"setresuid {setup.Uid}"));
        if (Prctl.prctl(Prctl.PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
            throw new SysException(SysError.Last("prctl PR_SET_KEEPCAPS 0"));
    }

    private static bool SetgroupsDenied()
    {
        try
        {
            return File.ReadAllText("/proc/self/setgroups").Trim() == "deny";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void SetCapabilities(Stage2Context context)
    {
        var caps = context.Setup.Capabilities;
        if (Capability.Set(caps.Effective, caps.Permitted, caps.Inheritable) < 0)
            throw new SysException(SysError.Last($"capset effective 0x{caps.Effective:x} permitted 0x{caps.Permitted:x} inheritable 0x{caps.Inheritable:x}"));
        for (var cap = 0; cap < 64; cap++)
        {
            if ((caps.Ambient & (1UL << cap)) == 0) continue;
            if (Prctl.prctl(Prctl.PR_CAP_AMBIENT, Prctl.PR_CAP_AMBIENT_RAISE, (ulong)cap, 0, 0) == 0) continue;
            var error = SysError.Last($"raise ambient {Oci.CapabilityTable.Name(cap)}");
            // EPERM: not in the inheritable set. runc's default spec lists ambient capabilities without
            // inheritable ones and runc skips them; we do the same so both runtimes agree.
            if (error.Errno.Value != Errno.EPERM) throw new SysException(error);
        }
    }
}
