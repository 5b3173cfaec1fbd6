namespace Shim.Seccomp;

/// <summary>One test of a system call's argument <see cref="Index"/> (0..5); a rule's conditions must
/// all hold for its action to apply.</summary>
internal sealed record ArgCondition(int Index, ArgOp Op, ulong Value, ulong ValueTwo);
