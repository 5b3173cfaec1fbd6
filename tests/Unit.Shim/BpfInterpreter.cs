using static Linux.Native.Filter;

namespace Tests.UnitShim;

/// <summary>Runs a classic BPF seccomp program on one seccomp_data, as the kernel would, for the
/// instructions our compiler emits (ld abs, and, jeq/jgt/jge/ja, ret); anything else fails the test.</summary>
internal static class BpfInterpreter
{
    public static uint Run(sock_filter[] program, uint arch, uint nr, params ulong[] args)
    {
        var data = new byte[64];
        BitConverter.TryWriteBytes(data.AsSpan(0), nr);
        BitConverter.TryWriteBytes(data.AsSpan(4), arch);
        for (var i = 0; i < args.Length; i++) BitConverter.TryWriteBytes(data.AsSpan(16 + 8 * i), args[i]);
        uint a = 0;
        for (var pc = 0; pc < program.Length; pc++)
        {
            var ins = program[pc];
            switch (ins.code)
            {
                case BPF_LD | BPF_W | BPF_ABS:
                    Assert.True(ins.k % 4 == 0 && ins.k < 64, $"load at {ins.k}");
                    a = BitConverter.ToUInt32(data, (int)ins.k);
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
                    Assert.Fail($"instruction {pc}: unexpected code 0x{ins.code:x}");
                    break;
            }
        }
        Assert.Fail("the program ran off its end");
        return 0;
    }
}
