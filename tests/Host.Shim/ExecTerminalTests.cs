using System.Net.Sockets;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tests.HostShim;

/// <summary><c>exec --tty --console-socket S</c>: the exec'd process gets a pty of the container's
/// devpts as its controlling terminal, and the master arrives over S as it does for process.terminal.</summary>
public sealed class ExecTerminalTests(ShimFixture fixture) : IClassFixture<ShimFixture>
{
    [Fact]
    public async Task Exec_tty_sends_the_pty_master_over_the_console_socket()
    {
        using var cli = LifecycleCli.Shim();
        using var bundle = Bundle.Create(fixture.Rootfs, ["sleep", "1000"]);
        var id = $"exec-tty-{Environment.ProcessId}";
        Assert.Equal(0, cli.Run("create", "--bundle", bundle.Dir, id).ExitCode);
        Assert.Equal(0, cli.Run("start", id).ExitCode);
        var socketPath = Path.Combine(cli.Scratch, "console.sock");
        using var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var exec = Task.Run(() => cli.Run("exec", "--tty", "--console-socket", socketPath, id, "sh"));
        using var connection = await listener.AcceptAsync().WaitAsync(Runner.Deadline);
        var (name, master) = TerminalTests.ReceiveMaster(connection);
        Assert.StartsWith("/dev/pts/", name);
        using var terminal = new FileStream(new SafeFileHandle(master, ownsHandle: true), FileAccess.ReadWrite, 1);
        // The shell's controlling terminal must be that pty: tty names it, and $$ is not the container's pid 1.
        terminal.Write(Encoding.ASCII.GetBytes("echo \"t=$(tty) pid1=$(cat /proc/1/comm)\"; exit 4\n"));
        var output = await Task.Run(() => TerminalTests.ReadUntilHangup(terminal)).WaitAsync(Runner.Deadline);
        var result = await exec.WaitAsync(Runner.Deadline);
        Assert.Contains($"t={name} pid1=sleep\r\n", output);
        Assert.True(result.ExitCode == 4, $"{result}\nterminal: {output}");
        Assert.Equal(0, cli.Run("delete", "--force", id).ExitCode);
    }
}
