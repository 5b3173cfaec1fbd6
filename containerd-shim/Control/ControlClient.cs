using System.Text;
using Linux;
using Tmds.Linux;

namespace Shim.Control;

/// <summary>
/// <c>initctl</c>: the shim binary called by that name is the control client, so the image carries one
/// NativeAOT program less. It sends its arguments as one line to init's control socket and prints the
/// answer (init's ControlServer documents the protocol: a status line "ok"/"error", then the body). The
/// answer streams as it arrives, so <c>logs -f</c> works until Ctrl-C. Exit status 0 on "ok", 1 otherwise.
/// </summary>
internal static unsafe class ControlClient
{
    public const string DefaultSocket = Oci.ImagePaths.ControlSocket;
    private const string Usage = "usage: initctl [--json] list | status NAME | start NAME | stop NAME | restart NAME | logs [-f] NAME | exec [-t] NAME CMD... | poweroff | reboot | halt";

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Stderr.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        // exec runs here, in the caller's namespaces and on its terminal: init only says where the service is.
        if (args[0] == "exec") return ServiceExec.Run(args[1..]);
        var path = SocketPath;
        var fd = Connect(path, out var error);
        if (fd < 0)
        {
            Stderr.WriteLine($"initctl: {Explain(error!)}");
            return 1;
        }
        try
        {
            var request = Encoding.UTF8.GetBytes(string.Join(' ', args) + "\n");
            if (!WriteAll(fd, request)) { Stderr.WriteLine("initctl: " + SysError.LastLibC($"send to {path}")); return 1; }
            return Relay(fd, path);
        }
        finally { Linux.Native.Fcntl.close(fd); }
    }

    private static string SocketPath => Environment.GetEnvironmentVariable("CINIT_SOCKET") ?? DefaultSocket;

    /// <summary>The error as the console shows it, with a hint for the errno a user can act on.</summary>
    public static string Explain(SysError error) => error.ToString() + (error.Errno.Value switch
    {
        Errno.EACCES or Errno.EPERM => " (the control socket is for root only)",
        Errno.ENOENT or Errno.ECONNREFUSED => " (is init's control socket bound into this container?)",
        _ => "",
    });

    /// <summary>One request whose whole answer is wanted as text (exec's and ctr's lookups): the body on
    /// "ok"; null and the error (init's message, or why init could not be asked) otherwise.</summary>
    public static string? Query(string request, out SysError? error)
    {
        var path = SocketPath;
        var fd = Connect(path, out error);
        if (fd < 0) return null;
        try
        {
            if (!WriteAll(fd, Encoding.UTF8.GetBytes(request + "\n"))) { error = SysError.LastLibC($"send to {path}"); return null; }
            var answer = new List<byte>();
            var buffer = new byte[16384];
            while (true)
            {
                long n;
                fixed (byte* p = buffer) n = LibC.read(fd, p, buffer.Length);
                if (n < 0 && Errno.FromLibC.Value == Errno.EINTR) continue;
                if (n < 0) { error = SysError.LastLibC($"read from {path}"); return null; }
                if (n == 0) break;
                answer.AddRange(buffer.AsSpan(0, (int)n).ToArray());
            }
            var text = Encoding.UTF8.GetString(answer.ToArray());
            var newline = text.IndexOf('\n');
            if (newline < 0) { error = SysError.Plain($"{path} closed the connection without an answer"); return null; }
            if (text[..newline] == "ok") return text[(newline + 1)..];
            // init's own message, as it wrote it.
            error = SysError.Plain(text[(newline + 1)..].TrimEnd());
            return null;
        }
        finally { Linux.Native.Fcntl.close(fd); }
    }

    private static int Connect(string path, out SysError? error)
    {
        error = null;
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) { error = SysError.LastLibC("socket AF_UNIX"); return -1; }
        sockaddr_un address = default;
        address.sun_family = (ushort)LibC.AF_UNIX;
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= 108) { error = SysError.Plain($"socket path {path} is too long"); Linux.Native.Fcntl.close(fd); return -1; }
        for (var i = 0; i < bytes.Length; i++) address.sun_path[i] = bytes[i];
        if (LibC.connect(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_un)) != 0)
        {
            error = SysError.LastLibC($"connect to {path}");
            Linux.Native.Fcntl.close(fd);
            return -1;
        }
        return fd;
    }

    /// <summary>Reads the status line, then copies the body to stdout (ok) or stderr (error) as it comes.</summary>
    private static int Relay(int fd, string path)
    {
        var buffer = new byte[16384];
        var head = new List<byte>();
        bool? ok = null;
        while (true)
        {
            long n;
            fixed (byte* p = buffer) n = LibC.read(fd, p, buffer.Length);
            if (n < 0 && Errno.FromLibC.Value == Errno.EINTR) continue;
            if (n < 0) { Stderr.WriteLine("initctl: " + SysError.LastLibC($"read from {path}")); return 1; }
            if (n == 0) break;
            var chunk = buffer.AsSpan(0, (int)n);
            if (ok is null)
            {
                var newline = chunk.IndexOf((byte)'\n');
                if (newline < 0) { head.AddRange(chunk.ToArray()); continue; }
                head.AddRange(chunk[..newline].ToArray());
                ok = Encoding.UTF8.GetString(head.ToArray()) == "ok";
                chunk = chunk[(newline + 1)..];
                if (ok == false) WriteAll(2, Encoding.UTF8.GetBytes("initctl: "));
            }
            WriteAll(ok == true ? 1 : 2, chunk);
        }
        if (ok is null) { Stderr.WriteLine($"initctl: {path} closed the connection without an answer"); return 1; }
        return ok == true ? 0 : 1;
    }

    private static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            long n;
            fixed (byte* p = data) n = LibC.write(fd, p, data.Length);
            if (n < 0 && Errno.FromLibC.Value == Errno.EINTR) continue;
            if (n <= 0) return false;
            data = data[(int)n..];
        }
        return true;
    }
}
