namespace Shim.Seccomp;

/// <summary>One entry of linux.seccomp.syscalls: its system calls by name, the filter's return value
/// (a SECCOMP_RET_* action with its data) and the argument conditions, all of which must hold.</summary>
internal sealed record SyscallRule(IReadOnlyList<string> Names, uint Action, IReadOnlyList<ArgCondition> Conditions);
