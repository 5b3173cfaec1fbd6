namespace Pid1.Boot;

/// <summary>
/// depmod's text indexes for one kernel: which module each modalias pattern names (modules.alias) and
/// each module's file and dependencies (modules.dep). Names are normalised as the kernel does ('-' is '_').
/// </summary>
internal sealed class ModuleIndex
{
    private readonly List<(string Pattern, string Module)> _aliases = [];
    private readonly Dictionary<string, (string Path, string[] Deps)> _modules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _builtIn = new(StringComparer.Ordinal);

    public string Root { get; }

    private ModuleIndex(string root) => Root = root;

    public int ModuleCount => _modules.Count;

    public static ModuleIndex Parse(string root, IEnumerable<string> aliasLines, IEnumerable<string> depLines,
        IEnumerable<string>? builtInLines = null)
    {
        var index = new ModuleIndex(root);
        foreach (var line in aliasLines)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0] == "alias") index._aliases.Add((parts[1], Normalise(parts[2])));
        }
        foreach (var line in depLines)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var path = line[..colon].Trim();
            var deps = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            index._modules[NameOf(path)] = (path, deps.Select(NameOf).ToArray());
        }
        foreach (var line in builtInLines ?? []) if (line.Trim().Length > 0) index._builtIn.Add(NameOf(line.Trim()));
        return index;
    }

    public static ModuleIndex Load(string root)
    {
        var builtIn = Path.Combine(root, "modules.builtin");
        return Parse(root, File.ReadLines(Path.Combine(root, "modules.alias")), File.ReadLines(Path.Combine(root, "modules.dep")),
            File.Exists(builtIn) ? File.ReadLines(builtIn) : null);
    }

    /// <summary>Modules whose alias pattern matches the device's modalias (built-in ones have no file: skipped).</summary>
    public IEnumerable<string> ModulesFor(string modalias) =>
        _aliases.Where(a => GlobPattern.Matches(a.Pattern, modalias) && _modules.ContainsKey(a.Module))
            .Select(a => a.Module).Distinct();

    /// <summary>The module and its dependencies, dependencies first (the order they must load in).</summary>
    public List<string> LoadOrder(string module)
    {
        var order = new List<string>();
        Visit(Normalise(module), order, []);
        return order;
    }

    public bool Knows(string module) => _modules.ContainsKey(Normalise(module));

    /// <summary>Compiled into the kernel (modules.builtin): nothing to load.</summary>
    public bool IsBuiltIn(string module) => _builtIn.Contains(Normalise(module));

    /// <summary>
    /// What the kernel's request_module names (<c>fs-ext4</c>, <c>crypto-crc32c</c>, <c>net-pf-10</c>, or a
    /// module's own name) as modprobe reads it: a module of that name, else every module one of whose
    /// alias patterns matches it.
    /// </summary>
    public List<string> Resolve(string request)
    {
        var name = Normalise(request);
        if (_modules.ContainsKey(name)) return [name];
        return ModulesFor(request).ToList();
    }

    public string PathOf(string module) => Path.Combine(Root, _modules[Normalise(module)].Path);

    private void Visit(string module, List<string> order, HashSet<string> seen)
    {
        if (!seen.Add(module) || !_modules.TryGetValue(module, out var entry)) return;
        // modules.dep lists the full closure, the module needed last first: load from the end.
        foreach (var dep in entry.Deps.Reverse()) Visit(dep, order, seen);
        order.Add(module);
    }

    /// <summary><c>kernel/drivers/virtio/virtio_pci.ko.xz</c> -> <c>virtio_pci</c>.</summary>
    internal static string NameOf(string path)
    {
        var name = Path.GetFileName(path);
        var ko = name.IndexOf(".ko", StringComparison.Ordinal);
        return Normalise(ko >= 0 ? name[..ko] : name);
    }

    internal static string Normalise(string name) => name.Replace('-', '_');
}
