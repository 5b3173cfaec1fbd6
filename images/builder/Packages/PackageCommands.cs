namespace Builder.Packages;

/// <summary>
/// <c>builder pkg build RECIPE_DIR... [-o LAYOUT | --out-dir DIR] [--busybox LAYOUT] [--debs DIR] [--bin DIR]</c>:
/// each recipe into DIR/NAME (default out/pkg/NAME), or one recipe into LAYOUT; a recipe's
/// <c>programs:</c> come from --bin (default: out/bin beside out/pkg). apt's index is read
/// once, and only if some recipe is not up to date.
/// </summary>
internal static class PackageCommands
{
    public const string Usage = "usage: builder pkg build RECIPE_DIR... [-o LAYOUT | --out-dir DIR] [--busybox LAYOUT] [--debs DIR] [--bin DIR]";

    public static bool Handles(string verb) => verb == "pkg";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || args[1] != "build") throw new BuildFailure(Usage);
        var recipes = new List<string>();
        string? output = null, busybox = null, debs = null, bin = null;
        var outDir = Path.Combine("out", "pkg");
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-o" or "--output": output = Value(args, ++i); break;
                case "--out-dir": outDir = Value(args, ++i); break;
                case "--busybox": busybox = Value(args, ++i); break;
                case "--debs": debs = Value(args, ++i); break;
                case "--bin": bin = Value(args, ++i); break;
                case var flag when flag.StartsWith('-'): throw new BuildFailure($"unknown option {flag}; {Usage}");
                default: recipes.Add(args[i]); break;
            }
        }
        if (recipes.Count == 0) throw new BuildFailure($"no recipe directory given; {Usage}");
        if (output is not null && recipes.Count > 1) throw new BuildFailure($"-o names one layout: give one recipe, or --out-dir DIR; {Usage}");
        PackageIndex? index = null;
        foreach (var dir in recipes)
        {
            var recipe = RecipeReader.Read(dir);
            var layout = output ?? Path.Combine(outDir, recipe.Name);
            var parent = Path.GetDirectoryName(Path.GetFullPath(layout))!;
            // Defaults that match ./build.sh's out/: busybox beside the output, .debs in out/cache/deb.
            var build = new PackageBuild(() => index ??= PackageIndex.FromApt(),
                debs ?? Path.Combine(Path.GetDirectoryName(parent)!, "cache", "deb"), Console.Out);
            build.Run(recipe, layout, busybox ?? Path.Combine(parent, "busybox"), bin ?? Path.Combine(Path.GetDirectoryName(parent)!, "bin"));
        }
        return 0;
    }

    private static string Value(string[] args, int i) =>
        i < args.Length ? args[i] : throw new BuildFailure($"{args[i - 1]} needs a value; {Usage}");
}
