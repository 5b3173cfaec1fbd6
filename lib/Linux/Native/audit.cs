namespace Linux.Native;

/// <summary>&lt;linux/audit.h&gt;: the architecture tokens the kernel puts in seccomp_data.arch.</summary>
public static class Audit
{
    public const uint AUDIT_ARCH_X86_64 = 0xC000003E, AUDIT_ARCH_I386 = 0x40000003;
}
