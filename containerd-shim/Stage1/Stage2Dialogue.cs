using Linux;
using Linux.Native;
using Shim.Protocol;

namespace Shim.Stage1;

/// <summary>
/// Stage 1's side of the stage-2 protocol (<see cref="SetupStep"/>): reads stage 2's datagrams until
/// the exec (end-of-file) or a failure, and answers each pause with what <paramref name="onPause"/>
/// returns — the state JSON, or null to stop: then stage 2 is killed, and the callback's error (if any)
/// becomes the failure. Stopping without an error means stage 2 is already gone (killed while created).
/// </summary>
internal static unsafe class Stage2Dialogue
{
    public delegate byte[]? PauseHandler(SyncPoint point, out SysError? error);

    /// <summary>Null when stage 2 exec'ed or ended without a word; <paramref name="execed"/> tells which.</summary>
    public static SetupFailure? Run(int fd, int pid, PauseHandler onPause, out bool execed)
    {
        execed = false;
        var buffer = stackalloc byte[SetupFailure.MaxSize];
        while (true)
        {
            var n = Fcntl.read(fd, buffer, SetupFailure.MaxSize);
            if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
            // Stage 2 failed and ended with our InCgroup word unread: the kernel reports that once as
            // ECONNRESET, ahead of the failure still queued for us; the next read returns the failure.
            if (n < 0 && Errno.Last.Value == Errno.ECONNRESET) continue;
            if (n <= 0) { execed = true; return null; }
            if (n != 1 || !Enum.IsDefined((SyncPoint)buffer[0]))
                return SetupFailure.Decode(new ReadOnlySpan<byte>(buffer, (int)n))
                    ?? new SetupFailure(SetupStep.Internal, default, "stage 2 sent a message that does not parse");
            var answer = onPause((SyncPoint)buffer[0], out var error);
            if (answer is null || !Send(fd, answer))
            {
                Signal.kill(pid, Signal.SIGKILL);
                if (error is null) return null;
                // Only the first pause runs hooks; the start pause fails on the runtime's own state.
                return SetupFailure.From(buffer[0] == (byte)SyncPoint.Hooks ? SetupStep.Hooks : SetupStep.Internal, error);
            }
        }
    }

    private static bool Send(int fd, byte[] answer)
    {
        fixed (byte* p = answer) return Fcntl.write(fd, p, (nuint)answer.Length) == answer.Length;
    }
}
