using Linux;
using Shim.Config;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>SCMP_ACT_* names to the value a filter returns. SCMP_ACT_KILL is libseccomp's, which kills
/// the thread. ERRNO and TRACE carry errnoRet (EPERM when not given, as runc does); the runtime spec
/// says any other action given an errnoRet is an error.</summary>
internal static class SeccompActions
{
    /// <summary>The kernel's MAX_ERRNO: a larger value would not read as an error in user space.</summary>
    private const uint MaxErrno = 4095;

    public static uint Parse(string? name, uint? errnoRet, string field, string errnoField)
    {
        if (errnoRet is { } e)
        {
            if (name is not ("SCMP_ACT_ERRNO" or "SCMP_ACT_TRACE"))
                throw FieldError.At(errnoField, $"{e}: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE return a value");
            if (e > MaxErrno) throw FieldError.At(errnoField, $"{e} is more than the largest errno, {MaxErrno}");
        }
        var data = errnoRet ?? Errno.EPERM;
        return name switch
        {
            "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => SECCOMP_RET_KILL_THREAD,
            "SCMP_ACT_KILL_PROCESS" => SECCOMP_RET_KILL_PROCESS,
            "SCMP_ACT_TRAP" => SECCOMP_RET_TRAP,
            "SCMP_ACT_ERRNO" => SECCOMP_RET_ERRNO | data,
            "SCMP_ACT_TRACE" => SECCOMP_RET_TRACE | data,
            "SCMP_ACT_ALLOW" => SECCOMP_RET_ALLOW,
            "SCMP_ACT_LOG" => SECCOMP_RET_LOG,
            "SCMP_ACT_NOTIFY" => throw FieldError.At(field, "SCMP_ACT_NOTIFY: seccomp user notification is not supported by this runtime"),
            null or "" => throw FieldError.At(field, "missing"),
            _ => throw FieldError.At(field, $"unknown action \"{name}\""),
        };
    }
}
