using System.Text;
using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>
/// process.terminal, runc's way: before pivot_root (the socket's path is on the host) stage 2 connects to
/// the <c>--console-socket</c>; after it, it opens a pty in the container's own devpts (/dev/ptmx), sends
/// the master over the socket with SCM_RIGHTS (the data is the slave's name), and makes the slave its
/// controlling terminal and stdio, which the exec hands to the process. Whoever holds the master then
/// is the terminal. Without a console socket the shim does not relay a terminal itself: it says so.
/// </summary>
internal static unsafe class Terminal
{
    // Stage 2 is a one-shot process and the two steps are on its main thread: the connected socket
    // is kept here from the first step to the second.
    private static int _socket = -1;

    public static void Connect(Stage2Context context)
    {
        if (!context.Setup.Terminal) return;
        if (context.Setup.ConsoleSocket is not { } path)
            throw new SysException(SysError.Plain("process.terminal is true but no --console-socket was given (this runtime passes the terminal to whoever listens there; it does not relay one)"));
        _socket = Socket.ConnectUnix(path, Socket.SOCK_STREAM);
        if (_socket < 0) throw new SysException(SysError.Last($"connect to console socket {path}"));
    }

    public static void Attach(Stage2Context context)
    {
        if (_socket < 0) return;
        var master = Fcntl.open("/dev/ptmx", Fcntl.O_RDWR | Fcntl.O_NOCTTY | Fcntl.O_CLOEXEC, 0);
        if (master < 0) throw new SysException(SysError.Last("open /dev/ptmx (a terminal needs a devpts on /dev/pts)"));
        try
        {
            var unlock = 0;
            if (Tty.ioctl(master, Tty.TIOCSPTLCK, &unlock) < 0) throw new SysException(SysError.Last("unlock pty"));
            int number;
            if (Tty.ioctl(master, Tty.TIOCGPTN, &number) < 0) throw new SysException(SysError.Last("pty number"));
            var slave = Tty.ioctl(master, Tty.TIOCGPTPEER, Fcntl.O_RDWR | Fcntl.O_NOCTTY | Fcntl.O_CLOEXEC);
            if (slave < 0) throw new SysException(SysError.Last($"open /dev/pts/{number}"));
            Send(master, $"/dev/pts/{number}");
            BecomeStdio(slave, number);
        }
        finally
        {
            Fcntl.close(master);
            Fcntl.close(_socket);
            _socket = -1;
        }
    }

    private static void Send(int master, string name)
    {
        var sent = Socket.SendFd(_socket, Encoding.UTF8.GetBytes(name), master);
        if (sent < 0) throw new SysException(SysError.Last($"send the pty master over {name}'s console socket"));
    }

    /// <summary>Stage 2 leads its own session (spawned with setsid) and has no terminal yet, so the
    /// slave can become its controlling one; the exec keeps both.</summary>
    private static void BecomeStdio(int slave, int number)
    {
        try
        {
            if (Tty.ioctl(slave, Tty.TIOCSCTTY, 0) < 0) throw new SysException(SysError.Last($"make /dev/pts/{number} the controlling terminal"));
            for (var fd = 0; fd <= 2; fd++)
                if (Tty.dup2(slave, fd) < 0) throw new SysException(SysError.Last($"dup /dev/pts/{number} to fd {fd}"));
        }
        finally
        {
            if (slave > 2) Fcntl.close(slave);
        }
    }
}
