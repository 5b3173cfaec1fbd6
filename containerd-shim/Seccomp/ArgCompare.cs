using static Linux.Native.Filter;
using static Linux.Native.Seccomp;

namespace Shim.Seccomp;

/// <summary>
/// One argument condition in BPF: seccomp_data.args[i] is a u64 but BPF compares 32-bit words, so the
/// high half decides unless it equals the value's high half, and then the low half decides (unsigned,
/// as libseccomp compares). Falls through when the condition holds, jumps to <c>fail</c> otherwise.
/// </summary>
internal static class ArgCompare
{
    public static void Emit(BpfBuilder bpf, ArgCondition c, int fail)
    {
        uint lowOffset = SeccompDataArgs + 8 * (uint)c.Index, highOffset = lowOffset + 4;
        var (high, low) = Halves(c.Value);
        var pass = bpf.NewLabel();
        switch (c.Op)
        {
            case ArgOp.Equal:
                bpf.Load(highOffset);
                bpf.Branch(BPF_JEQ, high, null, fail);
                bpf.Load(lowOffset);
                bpf.Branch(BPF_JEQ, low, null, fail);
                break;
            case ArgOp.NotEqual:
                bpf.Load(highOffset);
                bpf.Branch(BPF_JEQ, high, null, pass);
                bpf.Load(lowOffset);
                bpf.Branch(BPF_JEQ, low, fail, null);
                break;
            case ArgOp.Greater or ArgOp.GreaterOrEqual:
                bpf.Load(highOffset);
                bpf.Branch(BPF_JGT, high, pass, null);
                bpf.Branch(BPF_JEQ, high, null, fail);
                bpf.Load(lowOffset);
                bpf.Branch(c.Op == ArgOp.Greater ? BPF_JGT : BPF_JGE, low, null, fail);
                break;
            case ArgOp.Less or ArgOp.LessOrEqual:
                bpf.Load(highOffset);
                bpf.Branch(BPF_JGT, high, fail, null);
                bpf.Branch(BPF_JEQ, high, null, pass);
                bpf.Load(lowOffset);
                bpf.Branch(c.Op == ArgOp.Less ? BPF_JGE : BPF_JGT, low, fail, null);
                break;
            case ArgOp.MaskedEqual:
                var (wantHigh, wantLow) = Halves(c.ValueTwo);
                bpf.Load(highOffset);
                bpf.And(high);
                bpf.Branch(BPF_JEQ, wantHigh, null, fail);
                bpf.Load(lowOffset);
                bpf.And(low);
                bpf.Branch(BPF_JEQ, wantLow, null, fail);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Op, "unknown argument comparison");
        }
        bpf.Place(pass);
    }

    private static (uint High, uint Low) Halves(ulong value) => ((uint)(value >> 32), (uint)value);
}
