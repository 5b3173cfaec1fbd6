using System.Net.Sockets;
using Linux;

namespace ShimV2.Start;

/// <summary>
/// <c>start</c>, run by containerd with the bundle as working directory: binds the task's socket, spawns
/// this binary again as the serving daemon (<c>serve</c>, the listener as its fd 3, in a new session,
/// stderr on the bundle's <c>log</c> FIFO), writes the address to <c>address</c> in the bundle (containerd
/// reads it back when it restarts) and prints it. containerd reads our stdout and stderr to end-of-file,
/// so the daemon gets neither. When a shim already listens on that socket, its address is the answer.
/// </summary>
internal static class StartCommand
{
    public static int Run(ShimFlags flags)
    {
        var path = ShimAddress.SocketPath(flags.Address, flags.Namespace, flags.Id);
        var address = ShimAddress.Uri(path);
        try
        {
            Directory.CreateDirectory(ShimAddress.SocketDirectory);
            // never disposed: .NET unlinks the path of a socket it bound when the socket is disposed,
            // and the daemon serves on it after we exit
            var listener = Listen(path, out var alreadyServed);
            if (!alreadyServed)
            {
                var pid = SpawnDaemon(flags, (int)listener!.SafeHandle.DangerousGetHandle(), out var error);
                if (pid < 0)
                {
                    File.Delete(path);
                    Log.Write($"start {flags.Id}: {error}");
                    return 1;
                }
            }
            File.WriteAllText("address", address);
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
        {
            Log.Write($"start {flags.Id}: socket {path}: {e.Message}");
            return 1;
        }
        Console.Out.Write(address);
        Console.Out.Flush();
        return 0;
    }

    /// <summary>A listening socket at PATH; null with <paramref name="alreadyServed"/> when a shim answers there.
    /// A socket file nobody answers on is a dead shim's and is replaced.</summary>
    private static Socket? Listen(string path, out bool alreadyServed)
    {
        alreadyServed = false;
        if (File.Exists(path))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                alreadyServed = true;
                return null;
            }
            catch (SocketException)
            {
                File.Delete(path);
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        return listener;
    }

    private static int SpawnDaemon(ShimFlags flags, int listenerFd, out SysError? error)
    {
        var self = Environment.ProcessPath ?? "/proc/self/exe";
        var args = new List<string> { self, "-namespace", flags.Namespace, "-address", flags.Address, "-publish-binary", flags.PublishBinary, "-id", flags.Id };
        if (flags.Debug) args.Add("-debug");
        args.Add("serve");
        var log = OpenLogFifo();
        try
        {
            var fds = new List<(int, int)> { (listenerFd, 3) };
            if (log >= 0) fds.Add((log, 2));
            return ChildSpawner.Start(new SpawnRequest { Path = self, Args = args, Fds = fds, WorkingDirectory = Environment.CurrentDirectory }, out error);
        }
        finally
        {
            if (log >= 0) Tmds.Linux.LibC.close(log);
        }
    }

    /// <summary>The bundle's <c>log</c> FIFO that containerd 1.6 opened for reading before it ran us, write-only
    /// and non-blocking (a full FIFO drops a line instead of stopping the shim); -1 when there is none.</summary>
    private static unsafe int OpenLogFifo()
    {
        var name = "log\0"u8;
        fixed (byte* p = name)
            return Tmds.Linux.LibC.open(p, Tmds.Linux.LibC.O_WRONLY | Tmds.Linux.LibC.O_NONBLOCK | Tmds.Linux.LibC.O_CLOEXEC, 0);
    }
}
