using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;linux/filter.h&gt; and &lt;linux/bpf_common.h&gt;: classic BPF, the language of seccomp
/// filters. A program is at most BPF_MAXINSNS instructions; conditional jumps reach 255 ahead.</summary>
public static unsafe class Filter
{
    public const ushort BPF_LD = 0x00, BPF_ALU = 0x04, BPF_JMP = 0x05, BPF_RET = 0x06;
    public const ushort BPF_W = 0x00, BPF_ABS = 0x20, BPF_K = 0x00;
    public const ushort BPF_AND = 0x50;
    public const ushort BPF_JA = 0x00, BPF_JEQ = 0x10, BPF_JGT = 0x20, BPF_JGE = 0x30, BPF_JSET = 0x40;
    public const int BPF_MAXINSNS = 4096;

    [StructLayout(LayoutKind.Sequential)]
    public struct sock_filter
    {
        public ushort code;
        public byte jt;
        public byte jf;
        public uint k;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct sock_fprog
    {
        public ushort len;
        public sock_filter* filter;
    }
}
