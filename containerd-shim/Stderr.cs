using System.Text;
using Linux.Native;

namespace Shim;

/// <summary>Lines on fd 2 with plain write(2): the shim never touches System.Console, so the runtime
/// never switches on its terminal and SIGCHLD handling (FACTS.md), and a line is one write.</summary>
internal static unsafe class Stderr
{
    public static void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        fixed (byte* p = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Fcntl.write(2, p + done, (nuint)(bytes.Length - done));
                if (n <= 0) return; // nowhere left to complain to
                done += (int)n;
            }
        }
    }
}
