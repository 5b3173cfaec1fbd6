using static Linux.Native.Filter;

namespace Shim.Seccomp;

/// <summary>
/// Emits classic BPF with forward labels. A conditional jump names a label or null for "the next
/// instruction"; its offsets are resolved in <see cref="Build"/> and must fit the 8-bit jt/jf fields
/// (the compiler keeps them short and uses BPF_JA, with its 32-bit offset, for far targets).
/// </summary>
internal sealed class BpfBuilder
{
    private readonly List<sock_filter> _code = [];
    private readonly List<int> _labels = [];
    private readonly List<(int At, int? IfTrue, int? IfFalse, bool Always)> _fixups = [];

    /// <summary>A jump target meaning "skip the next instruction" (typically a BPF_JA to a far label).</summary>
    public const int NextButOne = -1;

    public int Count => _code.Count;

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    public void Place(int label) => _labels[label] = _code.Count;

    /// <summary>A = the 32-bit word at <paramref name="offset"/> of seccomp_data.</summary>
    public void Load(uint offset) => Emit(BPF_LD | BPF_W | BPF_ABS, offset);

    public void And(uint mask) => Emit(BPF_ALU | BPF_AND | BPF_K, mask);

    public void Return(uint value) => Emit(BPF_RET | BPF_K, value);

    /// <summary>Unconditional jump to <paramref name="label"/>, any distance ahead.</summary>
    public void Jump(int label)
    {
        _fixups.Add((_code.Count, label, null, true));
        Emit(BPF_JMP | BPF_JA, 0);
    }

    /// <summary>if (A <paramref name="op"/> k) goto ifTrue else goto ifFalse; null is the next instruction.</summary>
    public void Branch(ushort op, uint k, int? ifTrue, int? ifFalse)
    {
        if (ifTrue is not null || ifFalse is not null) _fixups.Add((_code.Count, ifTrue, ifFalse, false));
        Emit((ushort)(BPF_JMP | op | BPF_K), k);
    }

    public sock_filter[] Build()
    {
        var code = _code.ToArray();
        foreach (var (at, ifTrue, ifFalse, always) in _fixups)
        {
            if (always)
            {
                code[at].k = (uint)Offset(at, ifTrue);
                continue;
            }
            code[at].jt = Short(at, ifTrue);
            code[at].jf = Short(at, ifFalse);
        }
        return code;
    }

    private int Offset(int at, int? label)
    {
        if (label is not { } l) return 0;
        if (l == NextButOne) return 1;
        var target = _labels[l];
        if (target <= at) throw new InvalidOperationException($"BPF label {l} not placed ahead of instruction {at}");
        return target - at - 1;
    }

    private byte Short(int at, int? label)
    {
        var offset = Offset(at, label);
        if (offset > byte.MaxValue) throw new InvalidOperationException($"BPF jump from {at} is {offset} instructions long");
        return (byte)offset;
    }

    private void Emit(ushort code, uint k) => _code.Add(new sock_filter { code = code, k = k });
}
