using System.Net.Sockets;
using Linux;
using Linux.Native;
using NativeSocket = Linux.Native.Socket;
using Socket = System.Net.Sockets.Socket;
using ShimV2.Ttrpc;
using static Tmds.Linux.LibC;

namespace ShimV2.Serve;

/// <summary>
/// A process with a terminal (<c>ctr run -t</c>): the runtime sends the pty master over a console socket of
/// ours (runc's <c>--console-socket</c> protocol), and two threads copy stdin's FIFO to the master and the
/// master to stdout's FIFO. The master reads EIO once the last holder of the pty's peer ended; stdout's FIFO
/// is then closed, so containerd sees its end. ResizePty sets the master's window size.
/// </summary>
internal sealed class ConsoleRelay : IDisposable
{
    private readonly Socket _listener;
    private readonly Task<int> _master;
    private int _masterFd = -1;
    private StdinFeeder? _feeder;

    public string SocketPath { get; }

    private ConsoleRelay(string path, Socket listener)
    {
        SocketPath = path;
        _listener = listener;
        _master = Task.Run(Receive);
    }

    public static ConsoleRelay Listen()
    {
        // under /tmp whatever TMPDIR says: the path must fit sun_path
        var path = $"/tmp/cinit-pty-{Guid.NewGuid():N}.sock";
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        return new ConsoleRelay(path, listener);
    }

    private int Receive()
    {
        using var connection = _listener.Accept();
        var buffer = new byte[256];
        var fd = NativeSocket.ReceiveFd((int)connection.SafeHandle.DangerousGetHandle(), buffer, out _);
        if (fd < 0) throw new IOException("console socket: no pty master came with the message");
        return fd;
    }

    /// <summary>After the runtime's create or exec returned: the master it sent, then the copies start.</summary>
    public void Start(string stdin, string stdout)
    {
        if (!_master.Wait(TimeSpan.FromSeconds(10)))
            throw new RpcException(RpcCode.Internal, $"console socket {SocketPath}: the runtime sent no pty master within 10 s");
        _masterFd = _master.Result;
        Cleanup();
        var master = _masterFd;
        if (stdout.Length > 0)
        {
            var output = Fd.Open(stdout, O_RDWR, "stdout");
            new Thread(() =>
            {
                Fd.Copy(master, output);
                close(output);
            }) { IsBackground = true, Name = "pty out" }.Start();
        }
        if (stdin.Length > 0)
        {
            _feeder = StdinFeeder.Start(stdin, master, closeTo: false);
        }
    }

    public unsafe void Resize(uint width, uint height)
    {
        if (_masterFd < 0) return;
        var size = stackalloc ushort[4];
        size[0] = (ushort)height;
        size[1] = (ushort)width;
        size[2] = size[3] = 0;
        if (Tty.ioctl(_masterFd, 0x5414 /* TIOCSWINSZ */, (nint)size) != 0)
            throw new RpcException(RpcCode.Internal, SysError.Last("resize the pty").ToString());
    }

    public void CloseStdin() => _feeder?.Close();

    private void Cleanup()
    {
        _listener.Dispose();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        Cleanup();
        Fd.Close(ref _masterFd);
    }
}
