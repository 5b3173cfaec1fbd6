using System.Text.Json.Nodes;
using Builder.Images;
using Builder.Layers;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Builds one recipe into an OCI layout (docs/packages.md): resolve the closure, fetch the .debs, unpack
/// them over busybox (if asked), prune, add users and groups, lay the recipe's rootfs/ over it, write the
/// layout. Everything is staged in a private directory next to the output and renamed into place, and
/// the key file (<c>.NAME.key</c>, read by build.sh) is written last: a failed build leaves the old
/// output or none, never half of one.
/// </summary>
internal sealed class PackageBuild(Func<PackageIndex> index, string debCache, TextWriter log)
{
    public const string DefaultEnv = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <param name="binDir">Where the recipe's <c>programs:</c> are (./build.sh's out/bin).</param>
    public void Run(PackageRecipe recipe, string layout, string? busyboxLayout, string? binDir = null)
    {
        var output = new PackageOutput(layout);
        if (recipe.Busybox && (busyboxLayout is null || !File.Exists(Path.Combine(busyboxLayout, "index.json"))))
            throw new BuildFailure($"{recipe.File}: busybox: true needs the busybox layout ({busyboxLayout ?? "--busybox DIR"}): run ./build.sh first");
        var busybox = recipe.Busybox ? busyboxLayout : null;
        var programs = Programs(recipe, binDir);
        var sources = BuildKey.Sources(recipe, busybox, programs);
        var quick = BuildKey.Quick(sources);
        if (output.HasKey(output.QuickFile, quick))
        {
            log.WriteLine($"builder: pkg {recipe.Name}: up to date");
            return;
        }
        // A recipe of busybox and its own files only (debian: []) never needs apt's index.
        var closure = recipe.Debian.Count == 0 ? [] : new ClosureResolver(index(), recipe.Exclude)
            .Resolve(recipe.Debian.Select(d => d.Name).ToList(), (i, message) => recipe.Debian[i].At.Fail(message));
        var key = BuildKey.Full(sources, closure);
        if (output.HasKey(output.KeyFile, key))
        {
            File.WriteAllText(output.QuickFile, quick + "\n");
            log.WriteLine($"builder: pkg {recipe.Name}: up to date ({closure.Count} Debian packages)");
            return;
        }
        try
        {
            var digest = Build(recipe, closure, busybox, programs, output);
            output.Install(key, quick);
            log.WriteLine($"builder: pkg {recipe.Name}: built {output.Layout} ({closure.Count} Debian packages, {digest})");
        }
        catch (BuildFailure e)
        {
            throw e.Wrap(recipe.File);
        }
        finally
        {
            output.RemoveStage();
        }
    }

    /// <summary>Fetches and unpacks the closure and writes the layout into the staging directory; returns the manifest's digest.</summary>
    private string Build(PackageRecipe recipe, List<DebianPackage> closure, string? busybox, List<string> programs, PackageOutput output)
    {
        var debs = new DebDownloads(debCache).Fetch(closure);
        output.CreateStage();
        using var spool = new ContentSpool(output.Stage);
        var tree = Assemble(recipe, closure, debs, busybox, spool);
        // After rootfs/, before directories: a program is the package's own and wins over any file of that name.
        foreach (var program in programs) tree.Put("usr/bin/" + Path.GetFileName(program), FsNode.File(new HostFileContent(program), 0x1ED));
        return OciLayoutWriter.Write(tree.Root, ImageConfigJson(recipe), output.StagedLayout, $"builder pkg build {recipe.Name}");
    }

    /// <summary>The paths of the recipe's programs in <paramref name="binDir"/>; a missing one fails at its line.</summary>
    private static List<string> Programs(PackageRecipe recipe, string? binDir)
    {
        var paths = new List<string>();
        foreach (var (name, at) in recipe.Programs)
        {
            if (binDir is null) throw at.Fail($"program \"{name}\": no --bin directory given");
            var path = Path.Combine(binDir, name);
            if (!File.Exists(path)) throw at.Fail($"program \"{name}\": {path} is missing: run ./build.sh (it publishes our programs into out/bin)");
            paths.Add(path);
        }
        return paths;
    }

    private static FsTree Assemble(PackageRecipe recipe, List<DebianPackage> closure, Dictionary<string, string> debs, string? busybox,
        ContentSpool spool)
    {
        var tree = new FsTree();
        if (busybox is not null)
            foreach (var layer in OciLayout.Read(busybox).LayerFiles)
                using (var f = File.OpenRead(layer)) new LayerApplier(tree, spool, 0).Apply(f);
        for (var i = 0; i < closure.Count; i++) DebUnpacker.Unpack(debs[closure[i].Name], tree, spool, i + 1);
        foreach (var c in recipe.Concatenate) c.Apply(tree);
        RootfsPruner.Prune(tree, RootfsPruner.Always.Concat(recipe.Remove));
        AccountFiles.Apply(tree, recipe.Users, recipe.Groups);
        RecipeOverlay.Apply(tree, recipe.RootfsOverlay);
        foreach (var d in recipe.Directories) d.Apply(tree);
        return tree;
    }

    /// <summary>The image config's <c>config</c>: what the recipe's <c>imageConfig</c> gives, and the label.</summary>
    public static JsonObject ImageConfigJson(PackageRecipe r)
    {
        var config = new JsonObject();
        if (r.Entrypoint is not null) config["Entrypoint"] = new JsonArray(r.Entrypoint.Select(s => (JsonNode)s).ToArray());
        if (r.Cmd is not null) config["Cmd"] = new JsonArray(r.Cmd.Select(s => (JsonNode)s).ToArray());
        config["Env"] = new JsonArray((r.Env ?? [DefaultEnv]).Select(s => (JsonNode)s).ToArray());
        if (!string.IsNullOrEmpty(r.User)) config["User"] = r.User;
        config["WorkingDir"] = string.IsNullOrEmpty(r.WorkingDir) ? "/" : r.WorkingDir;
        if (r.LabelJson is not null) config["Labels"] = new JsonObject { [Yaml.ContainerReader.LabelName] = r.LabelJson };
        return config;
    }

}
