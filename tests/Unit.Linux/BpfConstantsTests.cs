using System.Runtime.InteropServices;
using Linux.Native;
using static Linux.Native.Bpf;

namespace Tests.UnitLinux;

/// <summary>bpf.cs's constants and the bpf_attr offsets it hard-codes, against &lt;linux/bpf.h&gt;.</summary>
public sealed class BpfConstantsTests
{
    public static TheoryData<string, long> Constants() => new()
    {
        { "BPF_PROG_LOAD", BPF_PROG_LOAD }, { "BPF_PROG_ATTACH", BPF_PROG_ATTACH }, { "BPF_PROG_DETACH", BPF_PROG_DETACH },
        { "BPF_PROG_TYPE_CGROUP_DEVICE", BPF_PROG_TYPE_CGROUP_DEVICE }, { "BPF_CGROUP_DEVICE", BPF_CGROUP_DEVICE },
        { "BPF_F_ALLOW_OVERRIDE", BPF_F_ALLOW_OVERRIDE }, { "BPF_F_ALLOW_MULTI", BPF_F_ALLOW_MULTI },
        { "BPF_DEVCG_ACC_MKNOD", BPF_DEVCG_ACC_MKNOD }, { "BPF_DEVCG_ACC_READ", BPF_DEVCG_ACC_READ },
        { "BPF_DEVCG_ACC_WRITE", BPF_DEVCG_ACC_WRITE }, { "BPF_DEVCG_DEV_BLOCK", BPF_DEVCG_DEV_BLOCK },
        { "BPF_DEVCG_DEV_CHAR", BPF_DEVCG_DEV_CHAR },
        { "BPF_LDX", BPF_LDX }, { "BPF_ALU", BPF_ALU }, { "BPF_JMP", BPF_JMP }, { "BPF_JMP32", BPF_JMP32 },
        { "BPF_W", BPF_W }, { "BPF_MEM", BPF_MEM }, { "BPF_K", BPF_K }, { "BPF_X", BPF_X }, { "BPF_AND", BPF_AND },
        { "BPF_RSH", BPF_RSH }, { "BPF_MOV", BPF_MOV }, { "BPF_JA", BPF_JA }, { "BPF_JEQ", BPF_JEQ },
        { "BPF_JNE", BPF_JNE }, { "BPF_EXIT", BPF_EXIT },
        { "sizeof(struct bpf_insn)", Marshal.SizeOf<bpf_insn>() },
        { "offsetof(union bpf_attr, insns)", Marshal.OffsetOf<prog_load_attr>("insns") },
        { "offsetof(union bpf_attr, license)", Marshal.OffsetOf<prog_load_attr>("license") },
        { "offsetof(union bpf_attr, log_level)", Marshal.OffsetOf<prog_load_attr>("log_level") },
        { "offsetof(union bpf_attr, log_buf)", Marshal.OffsetOf<prog_load_attr>("log_buf") },
        { "offsetof(union bpf_attr, prog_name)", Marshal.OffsetOf<prog_load_attr>("prog_name") },
        { "offsetof(union bpf_attr, expected_attach_type)", Marshal.OffsetOf<prog_load_attr>("expected_attach_type") },
        { "offsetof(union bpf_attr, attach_bpf_fd)", Marshal.OffsetOf<prog_attach_attr>("attach_bpf_fd") },
        { "offsetof(union bpf_attr, attach_type)", Marshal.OffsetOf<prog_attach_attr>("attach_type") },
        { "offsetof(union bpf_attr, attach_flags)", Marshal.OffsetOf<prog_attach_attr>("attach_flags") },
        { "offsetof(union bpf_attr, replace_bpf_fd)", Marshal.OffsetOf<prog_attach_attr>("replace_bpf_fd") },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void Matches_linux_bpf_h(string name, long ours) => Assert.Equal(CHeaderFacts.Get(name), ours);

    [Fact]
    public void Registers_pack_dst_low_src_high() =>
        Assert.Equal((byte)0x21, bpf_insn.Make(BPF_LDX | BPF_W | BPF_MEM, 1, 2, 0, 0).regs);
}
