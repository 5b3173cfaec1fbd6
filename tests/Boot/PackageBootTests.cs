using System.Net;
using System.Net.Sockets;
using System.Text;
using Tests.Common;

namespace Tests.Boot;

/// <summary>
/// The packages built from Debian recipes (images/pkg/NAME/build.yml) at work: nginx serves a page to the
/// host through a forwarded port (examples/nginx.yml); redis sets and gets a key the host sends through
/// another; ca-certificates' bundle is in the root through <c>init:</c>. The labels give net: host and
/// the capabilities, so the YAML names only the image.
/// </summary>
public sealed class PackageBootTests
{
    [Fact]
    public async Task TheNginxExampleServesItsPageToTheHost()
    {
        using var image = BootImage.BuildFile(Path.Combine(RepoPaths.Root, "examples", "nginx.yml"));
        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var page = Task.Run(() => HostPort.Retry(() => HttpGet(port), cancel.Token));
        // nginx's access log is on the console: once the host's request is logged, end the VM from the shell.
        var boot = QemuBoot.Run(image, image.Name,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:80", "-device", "virtio-net-pci,netdev=n0"], deadline,
            new ConsoleInput("nginx \\| .*\"GET / HTTP/1\\.1\" 200", "poweroff\n"));
        cancel.Cancel();

        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("dhcp, nginx up, the host's request logged",
            "dhcp: eth0 10\\.0\\.2\\.15/24",
            "nginx \\| .*\"GET / HTTP/1\\.1\" 200",
            "shutdown: poweroff requested");
        boot.Console.AssertAbsent("nginx started cleanly", "nginx \\| .*\\[(emerg|alert|crit)\\]");
        Assert.Contains("nginx on cinit: served from the guest", await page);
    }

    [Fact]
    public async Task RedisSetsAndGetsAKeyFromTheHostAndTheCaBundleIsInTheRoot()
    {
        using var image = BootImage.Build("test-redis");
        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var replies = Task.Run(() => HostPort.Retry(() => RedisInline.Send(port, "PING", "SET cinit:key hello-from-host", "GET cinit:key", "SET cinit:done yes"), cancel.Token));
        var boot = QemuBoot.Run(image, image.Name,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:6379", "-device", "virtio-net-pci,netdev=n0"], deadline);
        cancel.Cancel();

        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("redis serves, the watcher sees the host's key",
            "redis \\| .*Ready to accept connections",
            "watcher \\| MARK-DONE-SEEN",
            "shutdown: poweroff requested");
        var certs = boot.Console.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, "MARK-CERTS (\\d+)")).FirstOrDefault(m => m.Success);
        Assert.True(certs is not null && int.Parse(certs.Groups[1].Value) > 100, $"the CA bundle should hold over 100 certificates\n{boot.Console.Tail()}");
        Assert.Equal("+PONG\r\n+OK\r\n$15\r\nhello-from-host\r\n+OK\r\n", await replies);
    }

    private static string? HttpGet(int port)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        var text = new StreamReader(stream).ReadToEnd();
        return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? text : null;
    }
}
