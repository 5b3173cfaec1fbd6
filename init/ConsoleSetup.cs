using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Pid1;

/// <summary>
/// Points Console.Out/Error at plain writers over fds 1 and 2. This must be the first thing Main does:
/// the runtime's own console code, once it sees a terminal (the serial console is one), switches on its
/// SIGCHLD handling, and as PID 1 that reaps our children behind our back (docs/pid1-and-sigchld.md).
/// </summary>
internal static class ConsoleSetup
{
    public static void UsePlainFdWriters()
    {
        Console.SetOut(Writer(1));
        Console.SetError(Writer(2));
    }

    private static TextWriter Writer(int fd)
    {
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return TextWriter.Synchronized(new StreamWriter(stream, new UTF8Encoding(false), 1024) { AutoFlush = true });
    }
}
