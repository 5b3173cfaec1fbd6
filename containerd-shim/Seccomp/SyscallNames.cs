namespace Shim.Seccomp;

/// <summary>System call names known to any of the filter's three tables (x86_64, i386, x32), plus
/// libseccomp's names for the socketcall(2) operations that have no system call of their own on x86
/// (<c>send</c>, <c>recv</c>): engines' default profiles list them, and they match nothing here (an
/// i386 program reaches them through socketcall, which its own rule decides).</summary>
internal static class SyscallNames
{
    private static readonly HashSet<string> SocketcallOnly = new(StringComparer.Ordinal) { "send", "recv" };

    public static bool IsKnown(string? name) =>
        name is not null && (X86_64Syscalls.Numbers.ContainsKey(name) || I386Syscalls.Numbers.ContainsKey(name)
            || X32Syscalls.Numbers.ContainsKey(name) || SocketcallOnly.Contains(name));
}
