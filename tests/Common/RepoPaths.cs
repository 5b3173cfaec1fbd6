namespace Tests.Common;

/// <summary>Where the checkout and the build's outputs are, for tests that run the real binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The NativeAOT binaries (init, containerd-shim): <c>$CINIT_BIN</c> or <c>out/bin</c>.</summary>
    public static string Bin => Environment.GetEnvironmentVariable("CINIT_BIN") is { Length: > 0 } b
        ? b : Path.Combine(Root, "out", "bin");

    public static string Out => Path.Combine(Root, "out");

    /// <summary>Path of a built binary; fails the test with what to run when it is missing.</summary>
    public static string Binary(string name)
    {
        var path = Path.Combine(Bin, name);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run ./build.sh first (it publishes init and containerd-shim to out/bin)");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Init.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the checkout (no Init.sln above " + AppContext.BaseDirectory + ")");
    }
}
