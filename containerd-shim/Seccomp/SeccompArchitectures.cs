using Shim.Config;

namespace Shim.Seccomp;

/// <summary>
/// linux.seccomp.architectures. On an x86_64 kernel seccomp_data.arch is x86_64 (with x32 system calls
/// marked by a bit in nr) or i386 (32-bit programs); the filter always covers x86_64, covers the other
/// two when listed and kills any other caller. The other SCMP_ARCH_* names are accepted and have no
/// effect here: no process on this kernel can present them (profiles list them to be portable).
/// </summary>
internal static class SeccompArchitectures
{
    private static readonly HashSet<string> Elsewhere = new(StringComparer.Ordinal)
    {
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    };

    /// <summary>Whether i386 and x32 system calls are filtered (rather than killed).</summary>
    public static (bool I386, bool X32) Parse(IReadOnlyList<string>? names, string field)
    {
        bool i386 = false, x32 = false;
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            switch (names![i])
            {
                case "SCMP_ARCH_X86_64":
                    break;
                case "SCMP_ARCH_X86":
                    i386 = true;
                    break;
                case "SCMP_ARCH_X32":
                    x32 = true;
                    break;
                case var other when Elsewhere.Contains(other):
                    break;
                default:
                    throw FieldError.At($"{field}[{i}]", $"unknown architecture \"{names[i]}\"");
            }
        }
        return (i386, x32);
    }
}
