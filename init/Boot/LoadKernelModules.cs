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

    /// <summary>Every modalias under /sys/devices. Symlinks are skipped: they point back into the tree and loop.</summary>
    private static HashSet<string> DeviceModaliases()
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
        };
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles("/sys/devices", "modalias", options))
        {
            try
            {
                var text = File.ReadAllText(file).Trim();
                if (text.Length > 0) aliases.Add(text);
            }
            catch (IOException) { } // a device that went away, or one whose modalias cannot be read
            catch (UnauthorizedAccessException) { }
        }
        return aliases;
    }
}
