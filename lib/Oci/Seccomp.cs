namespace Oci;

// linux.seccomp (https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md#seccomp).
// Names stay strings here: the shim checks them against its own tables and says which field is wrong.

public sealed record LinuxSeccomp
{
    /// <summary>SCMP_ACT_*; required.</summary>
    public string? DefaultAction { get; init; }
    public uint? DefaultErrnoRet { get; init; }
    /// <summary>SCMP_ARCH_*.</summary>
    public List<string>? Architectures { get; init; }
    /// <summary>SECCOMP_FILTER_FLAG_*.</summary>
    public List<string>? Flags { get; init; }
    public string? ListenerPath { get; init; }
    public string? ListenerMetadata { get; init; }
    public List<SeccompSyscall>? Syscalls { get; init; }
}

public sealed record SeccompSyscall
{
    public List<string>? Names { get; init; }
    public string? Action { get; init; }
    public uint? ErrnoRet { get; init; }
    public List<SeccompArg>? Args { get; init; }
}

public sealed record SeccompArg
{
    public uint Index { get; init; }
    public ulong Value { get; init; }
    public ulong ValueTwo { get; init; }
    /// <summary>SCMP_CMP_NE, _LT, _LE, _EQ, _GE, _GT, _MASKED_EQ.</summary>
    public string? Op { get; init; }
}
