using System.Net;
using System.Net.Sockets;

namespace Tests.Boot;

/// <summary>
/// images/test-net.yml with QEMU's user network on virtio-net, as <c>./build.sh run</c> starts it: DHCP
/// gives the guest 10.0.2.15, and a TCP connection from the host through a hostfwd port forward
/// (<c>--publish</c>) reaches a service in the guest.
/// </summary>
public sealed class NetworkBootTests
{
    [Fact]
    public async Task DhcpGivesAnAddressAndAForwardedPortReachesTheGuest()
    {
        using var image = BootImage.Build("test-net");
        var port = HostPort.Free();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var reply = Task.Run(() => HostPort.Retry(() => Fetch(port), cancel.Token));
        var boot = QemuBoot.Run(image, image.Name,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline,
             "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-:8080", "-device", "virtio-net-pci,netdev=n0"], deadline);
        cancel.Cancel();

        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("dhcp, then the service answers the host",
            "boot: kernel-modules done",
            "dhcp \\| MARK-DHCP eth0 10\\.0\\.2\\.15/24 via 10\\.0\\.2\\.2",
            "onboot (\\d+-)?dhcp: exit status 0",
            "web \\| MARK-LISTENING",
            "web \\| MARK-CONNECTION-DONE",
            "shutdown: poweroff requested");
        Assert.Equal("MARK-SERVED-FROM-GUEST\n", await reply);
    }

    /// <summary>The guest's line from one connection, or null while QEMU answers for a guest not yet listening.</summary>
    private static string? Fetch(int port)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream());
        var text = reader.ReadToEnd();
        return text.Length > 0 ? text : null;
    }
}
