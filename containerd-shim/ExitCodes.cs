using Linux;
using Shim.Protocol;

namespace Shim;

/// <summary>The shim's own exit codes, as runc and shells use them.</summary>
internal static class ExitCodes
{
    public const int SetupFailed = 125, CannotExecute = 126, NotFound = 127;

    /// <summary>127 when the command does not exist, 126 when it cannot be executed, else 125.</summary>
    public static int ForSetupFailure(SetupStep step, Errno errno)
    {
        if (step != SetupStep.Exec) return SetupFailed;
        return errno.Value is Errno.ENOENT or Errno.ENOTDIR ? NotFound : CannotExecute;
    }

    /// <summary>The container's status as the shim's own exit code: 0..255, or 128+n for signal n.</summary>
    public static int ForContainerExit(ExitStatus status) => status.Signal != 0 ? 128 + status.Signal : status.Code & 0xff;
}
