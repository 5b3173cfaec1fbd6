using System.Diagnostics;
using Tests.Common;
using System.Net;
using System.Net.Sockets;

namespace Tests.Boot;

/// <summary>
/// examples/sshd.yml, the appliance of the system packages (images/pkg/{sysctl,dhcpcd,getty,ntpd,sshd}),
/// with a throwaway key given in <c>files:</c>. One boot checks every package: the host logs in with ssh
/// through a hostfwd port and reads, inside the guest, the DHCP address and DNS server (dhcpcd), chronyd's
/// effective capabilities (ntpd: CAP_SYS_TIME alone) and sysctl values from LinuxKit's defaults; the
/// console shows a root shell without a password (getty, INSECURE=true); then poweroff through ssh ends it.
/// </summary>
public sealed class SshdApplianceBootTests : IDisposable
{
    // CAP_SYS_TIME is capability 25.
    private const string SysTimeOnly = "CapEff:\t0000000002000000";

    private readonly string _dir = Directory.CreateTempSubdirectory("cinit-sshd-").FullName;

    [Fact]
    public async Task Ssh_logs_in_with_the_key_from_files_and_the_system_packages_did_their_work()
    {
        var key = Path.Combine(_dir, "key");
        var (made, why) = Tool("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "cinit-boot-test", "-f", key);
        Assert.True(made == 0, $"ssh-keygen exited {made}: {why}");
        var keyYaml = Path.Combine(_dir, "test-key.yml");
        File.WriteAllText(keyYaml,
            "files:\n  - path: root/.ssh/authorized_keys\n    mode: \"0600\"\n" +
            $"    contents: \"{File.ReadAllText(key + ".pub").Trim()}\"\n");
        using var image = BootImage.BuildFiles([Path.Combine(RepoPaths.Root, "examples", "sshd.yml"), keyYaml], null);

        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var console = new ConsoleLog();
        var session = Task.Run(() => Session(key, port, console, cancel.Token));
        var boot = QemuBoot.Run(image, image.Name,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:22", "-device", "virtio-net-pci,netdev=n0"],
            deadline, console,
            new ConsoleInput("built-in shell", "echo GETTY-$((6*7)) uid=$(id -u)\r"));
        cancel.Cancel();
        var output = await session;

        boot.AssertPoweredOff();
        console.AssertInOrder("onboot, then the services",
            "onboot sysctl: exit status 0",
            "dhcpcd-boot \\| dhcp: eth0: bound 10\\.0\\.2\\.15/24 via 10\\.0\\.2\\.2, DNS 10\\.0\\.2\\.3",
            "onboot dhcpcd-boot: exit status 0",
            "boot: services started",
            "sshd \\| Server listening on 0\\.0\\.0\\.0 port 22",
            "shutdown: poweroff requested");
        console.AssertPresent("getty: a root shell without a password on ttyS0", "^GETTY-42 uid=0");
        console.AssertPresent("sshd made host keys at its first start", "sshd \\| sshd: no host keys: generating a ed25519 key");
        console.AssertAbsent("no container fails", "FAILED");
        foreach (var expected in (string[])["IN-GUEST 6\\.1\\.", "inet 10\\.0\\.2\\.15/24", "nameserver 10\\.0\\.2\\.3",
                     SysTimeOnly, "kptr_restrict=2", "somaxconn=1024"])
            if (!System.Text.RegularExpressions.Regex.IsMatch(output, expected))
                console.Fail($"the ssh session's output lacks /{expected}/:\n{output}");
    }

    /// <summary>
    /// Logs in until sshd answers (QEMU accepts on the forwarded port long before the guest listens), runs the
    /// checks, waits for the getty's shell to have answered on the console, then powers off through ssh.
    /// </summary>
    private static string Session(string key, int port, ConsoleLog console, CancellationToken cancel)
    {
        const string Checks =
            "echo IN-GUEST $(uname -r) $(hostname); ip -4 addr show eth0; cat /etc/resolv.conf; " +
            "grep CapEff /proc/$(pidof chronyd)/status; " +
            "echo kptr_restrict=$(cat /proc/sys/kernel/kptr_restrict) somaxconn=$(cat /proc/sys/net/core/somaxconn)";
        var output = "(sshd never answered before the deadline)";
        while (!cancel.IsCancellationRequested)
        {
            var (status, text) = Ssh(key, port, Checks);
            if (status == 0 && text.Contains("IN-GUEST"))
            {
                output = text;
                break;
            }
            output = $"(last attempt: ssh exited {status}: {text.Trim()})";
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(2));
        }
        while (!cancel.IsCancellationRequested && !console.Contains("^GETTY-42 "))
            cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500));
        if (!cancel.IsCancellationRequested) Ssh(key, port, "poweroff");
        return output;
    }

    private static (int Status, string Output) Ssh(string key, int port, string command) =>
        Tool("ssh", "-i", key, "-p", port.ToString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR",
            "root@127.0.0.1", command);

    private static (int Status, string Output) Tool(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {file} ({e.Message}): apt-get install openssh-client", e);
        }
        using (p)
        {
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            return (p.ExitCode, stdout + stderr.Result);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
