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
        var port = FreePort();
        var deadline = QemuBoot.DefaultDeadline;
        using var cancel = new CancellationTokenSource(deadline);
        var reply = Task.Run(() => Fetch(port, cancel.Token));
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

    /// <summary>
    /// QEMU accepts on the host port before the guest listens and then closes the connection without
    /// data, so connect again until the guest's line arrives.
    /// </summary>
    private static string Fetch(int port, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                using var reader = new StreamReader(client.GetStream());
                var text = reader.ReadToEnd();
                if (text.Length > 0) return text;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // QEMU not up yet, or the guest reset the forwarded connection: try again.
            }
            Thread.Sleep(500);
        }
        return "(no reply before the deadline)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
