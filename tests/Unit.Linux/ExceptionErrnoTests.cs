using System.Net.Sockets;
using Linux;

namespace Tests.UnitLinux;

/// <summary>Real failed file and socket calls: the errno the exception maps to, and the console text
/// built from it (an operation, the path and errno's name and text, never a resource key).</summary>
public sealed class ExceptionErrnoTests
{
    [Fact]
    public void A_missing_file_is_ENOENT()
    {
        var e = Assert.ThrowsAny<IOException>(() => File.ReadAllText("/no/such/dir/file"));
        Assert.Equal(Errno.ENOENT, ExceptionErrno.Of(e).Value);
        Assert.StartsWith("read /no/such/dir/file: ENOENT", SysError.Of("read /no/such/dir/file", e).ToString());
    }

    /// <summary>What init's last-chance handler and control socket show for a bug: never the message.</summary>
    [Fact]
    public void An_unexpected_exception_is_described_by_its_type_and_errno()
    {
        var io = Assert.ThrowsAny<IOException>(() => File.ReadAllText("/no/such/dir/file"));
        Assert.Equal($"{io.GetType().Name}: ENOENT (No such file or directory)", ExceptionErrno.Describe(io));
        Assert.Equal("mount x on /y: EBUSY (Device or resource busy)",
            ExceptionErrno.Describe(new SysException(new SysError("mount x on /y", new Errno(Errno.EBUSY)))));
        Assert.Equal("System.NullReferenceException", ExceptionErrno.Describe(new NullReferenceException("Arg_NullReferenceException")));
    }

    [Fact]
    public void A_non_empty_directory_keeps_its_errno()
    {
        var dir = Directory.CreateTempSubdirectory("errno-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "x"), "");
            var e = Assert.ThrowsAny<IOException>(() => Directory.Delete(dir, false));
            Assert.Equal(Errno.ENOTEMPTY, ExceptionErrno.Of(e).Value);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_refused_unix_connection_is_ECONNREFUSED()
    {
        // A socket bound but not listening: connect(2) fails with ECONNREFUSED. (SocketException goes
        // through SocketError, which has no ENOENT: a missing path comes back as EADDRNOTAVAIL.)
        var path = Path.Combine(Path.GetTempPath(), $"errno-{Environment.ProcessId}.sock");
        File.Delete(path);
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var e = Assert.Throws<SocketException>(() => socket.Connect(new UnixDomainSocketEndPoint(path)));
            Assert.Equal(Errno.ECONNREFUSED, ExceptionErrno.Of(e).Value);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_SysException_keeps_its_error_and_gains_context()
    {
        var inner = new SysError("chmod 0600 /run/x", new Errno(Errno.EPERM));
        var e = new SysException(inner);
        Assert.Equal(Errno.EPERM, ExceptionErrno.Of(e).Value);
        Assert.StartsWith("listen: chmod 0600 /run/x: EPERM", SysError.Of("listen", e).ToString());
    }

    [Fact]
    public void An_exception_without_an_errno_is_EIO()
    {
        Assert.Equal(Errno.EIO, ExceptionErrno.Of(new IOException("no errno here")).Value);
    }
}
