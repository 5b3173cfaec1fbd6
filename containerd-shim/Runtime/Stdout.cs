using System.Text;
using Linux.Native;

namespace Shim.Runtime;

/// <summary>Output for the user on fd 1 with plain write(2), like <see cref="Stderr"/>: the shim never
/// touches System.Console (docs/facts.md).</summary>
internal static unsafe class Stdout
{
    public static void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    public static void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Fcntl.write(1, p + done, (nuint)(bytes.Length - done));
                if (n <= 0) return;
                done += (int)n;
            }
        }
    }
}
