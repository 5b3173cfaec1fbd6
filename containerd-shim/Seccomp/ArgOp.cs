namespace Shim.Seccomp;

/// <summary>linux.seccomp.syscalls[].args[].op: how a system call argument is compared, as 64-bit
/// unsigned values (libseccomp's SCMP_CMP_*). MaskedEq is (arg &amp; value) == valueTwo.</summary>
internal enum ArgOp
{
    NotEqual,
    Less,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    Greater,
    MaskedEqual,
}
