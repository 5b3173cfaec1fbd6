using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tests.HostShim;

/// <summary>process.terminal with --console-socket, runc's protocol: the test listens on a socket, gets
/// the pty master with SCM_RIGHTS, drives a shell through it and reads what the shell printed.</summary>
public sealed class TerminalTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public async Task The_pty_master_arrives_over_the_console_socket_and_drives_the_shell()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh"], s => s with { Process = s.Process! with { Terminal = true } });
        var socketPath = Path.Combine(bundle.Dir, "console.sock");
        using var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var psi = new ProcessStartInfo(ShimFixture.ShimPath) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "run", "--console-socket", socketPath, "--bundle", bundle.Dir, $"tty-{Environment.ProcessId}" }) psi.ArgumentList.Add(a);
        using var shim = Process.Start(psi)!;
        var stderr = shim.StandardError.ReadToEndAsync();
        try
        {
            using var connection = await listener.AcceptAsync().WaitAsync(Runner.Deadline);
            var (name, master) = ReceiveMaster(connection);
            Assert.StartsWith("/dev/pts/", name);
            using var terminal = new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite, 1);
            terminal.Write(Encoding.ASCII.GetBytes("echo hi-from-$((40+2)); exit 3\n"));
            var output = await Task.Run(() => ReadUntilHangup(terminal)).WaitAsync(Runner.Deadline);
            await shim.WaitForExitAsync().WaitAsync(Runner.Deadline);
            Assert.Contains("hi-from-42\r\n", output);
            Assert.True(shim.ExitCode == 3, $"exit {shim.ExitCode}; stderr: {await stderr}; terminal: {output}");
        }
        finally
        {
            if (!shim.HasExited) shim.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void A_terminal_without_a_console_socket_is_refused_clearly()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["sh"], s => s with { Process = s.Process! with { Terminal = true } });
        var result = Runner.Shim(bundle.Dir, "tty-nosocket");
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith("containerd-shim: tty-nosocket: terminal: process.terminal is true but no --console-socket was given", result.Stderr);
    }

    internal static (string Name, int Fd) ReceiveMaster(System.Net.Sockets.Socket connection)
    {
        var buffer = new byte[256];
        var fd = Linux.Native.Socket.ReceiveFd((int)connection.Handle, buffer, out var n);
        Assert.True(fd >= 0, $"no fd came with the message ({n} bytes)");
        return (Encoding.UTF8.GetString(buffer, 0, (int)n), fd);
    }

    /// <summary>A pty master reads EIO once the last slave fd closes (the shell and the shim are gone).</summary>
    internal static string ReadUntilHangup(FileStream terminal)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = terminal.Read(buffer)) > 0) text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        catch (IOException)
        {
        }
        return text.ToString();
    }
}
