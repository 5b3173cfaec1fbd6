using System.Runtime.InteropServices;

namespace Linux.Native;

/// <summary>&lt;sys/ioctl.h&gt; tty requests (asm-generic/ioctls.h) for a pseudo-terminal pair: unlock the
/// pty, learn its number, open its peer without a path lookup (Linux 4.13+), make it the controlling tty.</summary>
public static unsafe partial class Tty
{
    public const ulong TIOCSCTTY = 0x540E, TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTPEER = 0x5441,
        TIOCGWINSZ = 0x5413;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, int* arg);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, nint arg);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int dup2(int oldFd, int newFd);
}
