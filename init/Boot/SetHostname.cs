using Linux;

namespace Pid1.Boot;

/// <summary>
/// The hostname from /etc/hostname; without one, <c>cinit-</c> and the first NIC's MAC address without colons
/// (<c>cinit-525400123456</c> for QEMU's default NIC), so a fleet booted from one image does not share one
/// name (LinuxKit's rc.init does the same with <c>linuxkit-</c> and eth0). Without a NIC, <see cref="Default"/>.
/// Written through /proc (mounted by now), which is sethostname(2) without another interop entry. Runs after
/// the kernel-modules stage, whose coldplug has probed the virtio NIC by then.
/// </summary>
internal sealed class SetHostname : IBootStage
{
    public const string Default = "cinit";
    public const string MacPrefix = "cinit-";
    private const string NetClass = "/sys/class/net";

    public string Name => "hostname";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        var (name, source) = ReadConfigured() is { } configured ? (configured, "/etc/hostname")
            : FirstNic(ReadNics()) is { } nic ? (FromMac(nic.Address), $"MAC of {nic.Name}")
            : (Default, "default: no /etc/hostname and no NIC");
        try { File.WriteAllText("/proc/sys/kernel/hostname", name); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return SysError.Of($"set hostname {name}: write /proc/sys/kernel/hostname", e); }
        context.Log.Information("boot: hostname {Name} ({Source})", name, source);
        return null;
    }

    /// <summary>One entry of /sys/class/net: its name, ifindex, ARPHRD type and address.</summary>
    internal sealed record Nic(string Name, int Index, int Type, string Address);

    private const int ArphrdEther = 1;

    /// <summary>The Ethernet interface with the lowest ifindex and a real address: loopback, tunnels (other
    /// ARPHRD types) and interfaces with an all-zero address have no MAC to name the machine by.</summary>
    internal static Nic? FirstNic(IEnumerable<Nic> nics) => nics
        .Where(n => n.Type == ArphrdEther && n.Name != "lo" && n.Address.Replace(":", "").Trim('0').Length > 0)
        .OrderBy(n => n.Index).ThenBy(n => n.Name, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary><c>52:54:00:12:34:56</c> -> <c>cinit-525400123456</c>.</summary>
    internal static string FromMac(string mac) => MacPrefix + mac.Trim().Replace(":", "").ToLowerInvariant();

    private static IEnumerable<Nic> ReadNics()
    {
        if (!Directory.Exists(NetClass)) yield break;
        foreach (var dir in Directory.GetDirectories(NetClass))
        {
            var index = ReadInt(Path.Combine(dir, "ifindex"));
            var type = ReadInt(Path.Combine(dir, "type"));
            var address = ReadText(Path.Combine(dir, "address"));
            if (index is { } i && type is { } t && address is { Length: > 0 } a) yield return new Nic(Path.GetFileName(dir), i, t, a);
        }
    }

    private static int? ReadInt(string path) =>
        int.TryParse(ReadText(path), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? ReadText(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string? ReadConfigured()
    {
        try
        {
            var text = File.Exists("/etc/hostname") ? File.ReadAllText("/etc/hostname").Trim() : "";
            return text.Length > 0 ? text.Split('\n')[0].Trim() : null;
        }
        catch (IOException) { return null; }
    }
}
