using System.Threading.Channels;
using Pid1.Supervision;

namespace Pid1.Power;

/// <summary>
/// Turns the ACPI power button into a graceful poweroff, so QEMU's <c>system_powerdown</c> (and a real
/// button) shuts the machine down in order. The Debian kernel has the ACPI button driver (button.ko, loaded
/// by coldplug through its acpi:LNXPWRBN modalias) and evdev (evdev.ko) as modules; input devices are a
/// class, not a bus, so coldplug never loads evdev: we load it here, then find the input device whose name
/// is "Power Button" and block in read(2) on its /dev/input/eventN on a thread of our own.
/// </summary>
internal sealed class PowerButtonWatcher(ChannelWriter<InitEvent> events, Serilog.ILogger log)
{
    public const string DeviceName = "Power Button";
    private const string InputClass = "/sys/class/input";

    public void Start()
    {
        EnsureEvdev();
        var device = FindDevice();
        if (device is null)
        {
            log.Information("power: no \"{Name}\" input device; system_powerdown will not be seen", DeviceName);
            return;
        }
        new Thread(() => Watch(device)) { IsBackground = true, Name = "power-button" }.Start();
        log.Information("power: watching {Device} ({Name})", device, DeviceName);
    }

    /// <summary>The /dev/input/eventN of the first event device named "Power Button" (there are two on a PC:
    /// the fixed ACPI button LNXPWRBN and a PNP0C0C one; QEMU's powerdown presses the former).</summary>
    public static string? FindDevice(string inputClass = InputClass)
    {
        if (!Directory.Exists(inputClass)) return null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(inputClass, "event*").Order(StringComparer.Ordinal))
        {
            var nameFile = Path.Combine(entry, "device", "name");
            try
            {
                if (File.ReadAllText(nameFile).Trim() == DeviceName) return "/dev/input/" + Path.GetFileName(entry);
            }
            catch (IOException) { } // a device that went away
        }
        return null;
    }

    private void EnsureEvdev()
    {
        if (Directory.Exists("/sys/module/evdev")) return; // loaded or built in
        var root = $"/lib/modules/{Linux.Native.UtsName.Release()}";
        if (!File.Exists(Path.Combine(root, "modules.dep"))) return;
        var index = Boot.ModuleIndex.Load(root);
        if (!index.Knows("evdev")) { log.Information("power: {Root} has no evdev module", root); return; }
        var loader = new Boot.ModuleLoader(index);
        loader.LoadWithDeps("evdev");
        foreach (var failure in loader.Failures) log.Warning("power: {Error}", failure.ToString());
    }

    private void Watch(string device)
    {
        try
        {
            using var input = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var raw = new byte[InputEvent.Size];
            while (true)
            {
                input.ReadExactly(raw);
                if (!InputEvent.Parse(raw).IsPowerPress) continue;
                events.TryWrite(new ShutdownRequested(ShutdownKind.PowerOff, "power button"));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("power: {Error}; the power button is ignored from now on", Linux.SysError.Of($"read {device}", e).ToString());
        }
    }
}
