using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>
/// &lt;linux/bpf.h&gt;: the bpf(2) commands, program and attach types and the instruction encoding that
/// a cgroup device filter needs. No glibc wrapper: raw syscall. Layouts are x86_64's.
/// </summary>
public static unsafe partial class Bpf
{
    public const int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8, BPF_PROG_DETACH = 9;
    public const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6;
    public const uint BPF_F_ALLOW_OVERRIDE = 1, BPF_F_ALLOW_MULTI = 2;

    // struct bpf_cgroup_dev_ctx: access_type = (BPF_DEVCG_ACC_* << 16) | BPF_DEVCG_DEV_*, then major, minor.
    public const int BPF_DEVCG_ACC_MKNOD = 1, BPF_DEVCG_ACC_READ = 2, BPF_DEVCG_ACC_WRITE = 4;
    public const int BPF_DEVCG_DEV_BLOCK = 1, BPF_DEVCG_DEV_CHAR = 2;

    // Opcode parts: class | size/op | mode/source.
    public const byte BPF_LDX = 0x01, BPF_ALU = 0x04, BPF_JMP = 0x05, BPF_JMP32 = 0x06;
    public const byte BPF_W = 0x00, BPF_MEM = 0x60, BPF_K = 0x00, BPF_X = 0x08;
    public const byte BPF_AND = 0x50, BPF_RSH = 0x70, BPF_MOV = 0xb0;
    public const byte BPF_JA = 0x00, BPF_JEQ = 0x10, BPF_JNE = 0x50, BPF_EXIT = 0x90;

    private const long SYS_bpf = 321;

    /// <summary>struct bpf_insn: 8 bytes; dst_reg is the low nibble of the second byte.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 8)]
    public readonly record struct bpf_insn(byte code, byte regs, short off, int imm)
    {
        public static bpf_insn Make(byte code, int dst, int src, short off, int imm) =>
            new(code, (byte)((dst & 0xf) | ((src & 0xf) << 4)), off, imm);

        public int dst => regs & 0xf;

        public int src => regs >> 4;
    }

    /// <summary>The BPF_PROG_LOAD part of union bpf_attr (up to expected_attach_type).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 72)]
    public struct prog_load_attr
    {
        [FieldOffset(0)] public uint prog_type;
        [FieldOffset(4)] public uint insn_cnt;
        [FieldOffset(8)] public ulong insns;
        [FieldOffset(16)] public ulong license;
        [FieldOffset(24)] public uint log_level;
        [FieldOffset(28)] public uint log_size;
        [FieldOffset(32)] public ulong log_buf;
        [FieldOffset(40)] public uint kern_version;
        [FieldOffset(44)] public uint prog_flags;
        [FieldOffset(48)] public fixed byte prog_name[16];
        [FieldOffset(64)] public uint prog_ifindex;
        [FieldOffset(68)] public uint expected_attach_type;
    }

    /// <summary>The BPF_PROG_ATTACH/DETACH part of union bpf_attr.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 20)]
    public struct prog_attach_attr
    {
        [FieldOffset(0)] public uint target_fd;
        [FieldOffset(4)] public uint attach_bpf_fd;
        [FieldOffset(8)] public uint attach_type;
        [FieldOffset(12)] public uint attach_flags;
        [FieldOffset(16)] public uint replace_bpf_fd;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall_bpf(long number, long cmd, void* attr, long size);

    /// <summary>bpf(2); returns a new fd for BPF_PROG_LOAD, 0 for BPF_PROG_ATTACH, -1 with errno set.</summary>
    public static int bpf(int cmd, void* attr, uint size) => (int)syscall_bpf(SYS_bpf, cmd, attr, size);
}
