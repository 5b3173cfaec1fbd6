using System.Runtime.InteropServices;
using System.Text;

namespace Linux;

/// <summary>NUL-terminated UTF-8 strings and pointer arrays in native memory, freed together.</summary>
public sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = [];

    public byte* Add(string s)
    {
        var len = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)NativeMemory.Alloc((nuint)len + 1);
        _blocks.Add((nint)p);
        fixed (char* c = s) Encoding.UTF8.GetBytes(c, s.Length, p, len);
        p[len] = 0;
        return p;
    }

    public byte** AddArray(IReadOnlyList<string> items)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(nint));
        _blocks.Add((nint)array);
        for (var i = 0; i < items.Count; i++) array[i] = Add(items[i]);
        array[items.Count] = null;
        return array;
    }

    public void Dispose()
    {
        foreach (var b in _blocks) NativeMemory.Free((void*)b);
        _blocks.Clear();
    }
}
