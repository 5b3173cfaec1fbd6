using Linux;
using Linux.Native;
using Shim.Hooks;
using Shim.Stage2;

namespace Shim.Protocol;

/// <summary>Stage 2's side of the pauses (protocol: <see cref="SetupStep"/>): the two steps that wait
/// for stage 1 and then run the hooks that belong inside the container.</summary>
internal static unsafe class Stage2Sync
{
    /// <summary>The state stage 1 answers with; a datagram is read whole, so this bounds its size.</summary>
    public const int MaxAnswer = 64 * 1024;

    /// <summary>Before pivot_root: stage 1 runs prestart and createRuntime, then createContainer runs
    /// here, in the container's namespaces but still seeing the runtime's filesystem (spec).</summary>
    public static void BeforePivot(Stage2Context context)
    {
        if (!context.Setup.PauseForHooks) return;
        var state = Pause(context, SyncPoint.Hooks);
        if (HookRunner.Run("createContainer", context.Setup.CreateContainerHooks, state) is { } error) throw new SysException(error);
    }

    /// <summary>Last before the exec: wait for <c>start</c> (created by <c>create</c>) and run
    /// startContainer hooks, whose paths resolve inside the container.</summary>
    public static void BeforeExec(Stage2Context context)
    {
        var hooks = context.Setup.StartContainerHooks;
        if (!context.Setup.Detached && hooks.Count == 0) return;
        var state = Pause(context, SyncPoint.Start);
        if (HookRunner.Run("startContainer", hooks, state) is { } error) throw new SysException(error);
    }

    private static byte[] Pause(Stage2Context context, SyncPoint point)
    {
        context.AwaitCgroup();
        var fd = context.SyncFd;
        var message = (byte)point;
        if (Fcntl.write(fd, &message, 1) != 1) throw new SysException(SysError.Last($"tell stage 1 we wait at {point}"));
        var buffer = new byte[MaxAnswer];
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Fcntl.read(fd, p, MaxAnswer);
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n < 0) throw new SysException(SysError.Last($"wait for stage 1 at {point}"));
                if (n == 0) throw new SysException(SysError.Plain($"wait for stage 1 at {point}: stage 1 is gone"));
                return buffer[..(int)n];
            }
        }
    }
}
