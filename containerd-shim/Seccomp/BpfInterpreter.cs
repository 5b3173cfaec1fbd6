using static Linux.Native.Filter;

namespace Shim.Seccomp;

/// <summary>Runs a compiled filter on one seccomp_data, as the kernel would, for the instructions the
/// compiler emits (ld abs, and, ja, jeq, jgt, jge, ret). Used to check, before a container is created,
/// what the filter does to the calls stage 2 itself still makes after loading it.</summary>
internal static class BpfInterpreter
{
    public static uint Run(sock_filter[] program, uint arch, uint nr, params ulong[] args)
    {
        Span<byte> data = stackalloc byte[64];
        data.Clear();
        BitConverter.TryWriteBytes(data, nr);
        BitConverter.TryWriteBytes(data[4..], arch);
        for (var i = 0; i < args.Length && i < 6; i++) BitConverter.TryWriteBytes(data[(16 + 8 * i)..], args[i]);
        uint a = 0;
        for (var pc = 0; pc < program.Length; pc++)
        {
            var ins = program[pc];
            switch (ins.code)
            {
                case BPF_LD | BPF_W | BPF_ABS when ins.k % 4 == 0 && ins.k < 64:
                    a = BitConverter.ToUInt32(data[(int)ins.k..]);
                    break;
                case BPF_ALU | BPF_AND | BPF_K:
                    a &= ins.k;
                    break;
                case BPF_JMP | BPF_JA:
                    pc += (int)ins.k;
                    break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                    pc += a == ins.k ? ins.jt : ins.jf;
                    break;
                case BPF_JMP | BPF_JGT | BPF_K:
                    pc += a > ins.k ? ins.jt : ins.jf;
                    break;
                case BPF_JMP | BPF_JGE | BPF_K:
                    pc += a >= ins.k ? ins.jt : ins.jf;
                    break;
                case BPF_RET | BPF_K:
                    return ins.k;
                default:
                    throw new InvalidOperationException($"BPF instruction {pc}: code 0x{ins.code:x} k {ins.k} is not one the compiler emits");
            }
        }
        throw new InvalidOperationException("the BPF program ran off its end");
    }
}
