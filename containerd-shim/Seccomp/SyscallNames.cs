namespace Shim.Seccomp;

/// <summary>System call names known to any of the filter's three tables (x86_64, i386, x32).</summary>
internal static class SyscallNames
{
    public static bool IsKnown(string? name) =>
        name is not null && (X86_64Syscalls.Numbers.ContainsKey(name) || I386Syscalls.Numbers.ContainsKey(name) || X32Syscalls.Numbers.ContainsKey(name));
}
