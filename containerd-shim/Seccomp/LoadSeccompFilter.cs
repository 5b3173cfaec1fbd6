using Linux;
using Linux.Native;
using Shim.Stage2;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>
/// Stage 2 installs the container's seccomp filter as late as the kernel lets it, so that as few of
/// our own system calls as possible run under it. With no_new_privs the filter goes in right before
/// the exec. Without it the kernel requires CAP_SYS_ADMIN, so the filter goes in before the user switch
/// and capset can drop it (runc's order), and the profile must allow what stage 2 still calls then
/// (setgroups, setresgid, setresuid, prctl, capget, capset, chdir; docs/seccomp.md has the list).
/// A filter binds the calling thread (all of stage 2's with TSYNC) and survives execve.
/// </summary>
internal static unsafe class LoadSeccompFilter
{
    public static void BeforeUserSwitch(Stage2Context context)
    {
        if (context.Setup.Seccomp is { } filter && !context.Setup.NoNewPrivileges) Load(filter);
    }

    public static void BeforeExec(Stage2Context context)
    {
        if (context.Setup.Seccomp is { } filter && context.Setup.NoNewPrivileges) Load(filter);
    }

    private static void Load(SeccompFilter filter)
    {
        fixed (Filter.sock_filter* code = filter.Program)
        {
            var program = new Filter.sock_fprog { len = (ushort)filter.Program.Length, filter = code };
            if (seccomp(SECCOMP_SET_MODE_FILTER, filter.Flags, &program) < 0)
                throw new SysException(SysError.Last($"seccomp SECCOMP_SET_MODE_FILTER ({filter.Program.Length} instructions, flags 0x{filter.Flags:x})"));
        }
    }
}
