using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Coldplug without modprobe: every device in /sys that names a modalias gets the modules whose
/// modules.alias pattern matches it, dependencies first, plus the names in /etc/modules. Loading a bus
/// driver (virtio_pci) makes new devices appear (virtio disks, nics), so we scan again until a pass
/// loads nothing new.
/// </summary>
internal sealed class LoadKernelModules : IBootStage
{
    private const int MaxPasses = 4;

    /// <summary>Modules nothing asks for by modalias but the shim needs: overlay gives every container
    /// that is not read-only its writable layer (without it the shim writes into the image's files).</summary>
    private static readonly string[] AlwaysWanted = ["overlay"];

    public string Name => "kernel-modules";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        var release = UtsName.Release();
        var root = $"/lib/modules/{release}";
        if (!File.Exists(Path.Combine(root, "modules.dep")))
        {
            context.Log.Information("boot: no modules for kernel {Release} ({Root}/modules.dep missing)", release ?? "?", root);
            return null;
        }
        var index = ModuleIndex.Load(root);
        var loader = new ModuleLoader(index);
        foreach (var name in AlwaysWanted.Where(index.Knows)) loader.LoadWithDeps(name);
        foreach (var name in ListedModules())
        {
            if (!index.Knows(name)) context.Log.Warning("boot: /etc/modules names {Module}, which {Root} does not have", name, root);
            else loader.LoadWithDeps(name);
        }
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var before = loader.Loaded.Count;
            foreach (var alias in DeviceModaliases())
                foreach (var module in index.ModulesFor(alias)) loader.LoadWithDeps(module);
            if (loader.Loaded.Count == before) break;
        }
        foreach (var failure in loader.Failures) context.Log.Warning("boot: {Error}", failure.ToString());
        context.Log.Information("boot: modules loaded: {Modules}", loader.Loaded.Count == 0 ? "none" : string.Join(" ", loader.Loaded));
        return null;
    }

    private static IEnumerable<string> ListedModules()
    {
        if (!File.Exists("/etc/modules")) return [];
        return File.ReadLines("/etc/modules").Select(l => l.Split('#')[0].Trim())
            .Where(l => l.Length > 0).Select(l => l.Split(' ')[0]);
    }

    /// <summary>
    /// Every device's modalias. Each device with one sits on a bus, so /sys/bus/*/devices/* (symlinks into
    /// /sys/devices) finds them all without walking the whole of /sys/devices, which took 1.6 s under TCG.
    /// </summary>
    private static HashSet<string> DeviceModaliases()
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        // The CPU's features (crc32c_intel, aes) hang off the cpu subsystem, not a bus device.
        AddModalias(aliases, "/sys/devices/system/cpu/modalias");
        if (!Directory.Exists("/sys/bus")) return aliases;
        foreach (var bus in Directory.EnumerateDirectories("/sys/bus"))
        {
            var devices = Path.Combine(bus, "devices");
            if (!Directory.Exists(devices)) continue;
            foreach (var device in Directory.EnumerateFileSystemEntries(devices))
                AddModalias(aliases, Path.Combine(device, "modalias"));
        }
        return aliases;
    }

    private static void AddModalias(HashSet<string> aliases, string file)
    {
        if (!File.Exists(file)) return; // most devices have none: cheaper than an exception under TCG
        try
        {
            var text = File.ReadAllText(file).Trim();
            if (text.Length > 0) aliases.Add(text);
        }
        catch (IOException) { } // a device that went away
        catch (UnauthorizedAccessException) { }
    }
}
