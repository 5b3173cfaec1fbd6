using Linux.Native;
using Shim.Config;

namespace Shim.Seccomp;

/// <summary>linux.seccomp compiled: the BPF program and the SECCOMP_FILTER_FLAG_* bits it is loaded with.
/// Built in stage 1 (so a bad profile stops the container before anything exists) and sent to stage 2
/// compiled (Protocol/SetupCodec).</summary>
internal sealed record SeccompFilter(Filter.sock_filter[] Program, uint Flags)
{
    public static SeccompFilter? FromSpec(Oci.LinuxSeccomp? seccomp, bool noNewPrivileges)
    {
        if (seccomp is null) return null;
        var profile = SeccompProfile.Parse(seccomp);
        var program = FilterCompiler.Compile(profile);
        if (program.Length > Filter.BPF_MAXINSNS)
            throw FieldError.At("linux.seccomp", $"compiles to {program.Length} BPF instructions, more than the kernel's {Filter.BPF_MAXINSNS}");
        StageTwoCalls.Check(program, noNewPrivileges);
        return new SeccompFilter(program, profile.Flags);
    }
}
