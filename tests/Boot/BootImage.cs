using System.Diagnostics;
using Tests.Common;

namespace Tests.Boot;

/// <summary>
/// An image built from <c>images/NAME.yml</c> by the real builder (<c>out/builder/builder</c>,
/// published by <c>./build.sh</c>) into a scratch directory that is removed on dispose.
/// </summary>
internal sealed class BootImage : IDisposable
{
    private readonly string _dir;

    private BootImage(string dir, string name)
    {
        _dir = dir;
        Name = name;
        Kernel = Path.Combine(dir, name + "-kernel");
        Initrd = Path.Combine(dir, name + "-initrd.img");
        Cmdline = File.ReadAllText(Path.Combine(dir, name + "-cmdline")).Trim();
    }

    public string Name { get; }
    public string Kernel { get; }
    public string Initrd { get; }
    public string Cmdline { get; }

    /// <summary>Builds images/NAME.yml; <paramref name="builderArgs"/> are added to the builder's command (e.g. <c>--format</c>).</summary>
    public static BootImage Build(string name, params string[] builderArgs) =>
        BuildFile(Path.Combine(RepoPaths.Root, "images", name + ".yml"), builderArgs);

    /// <summary>Builds a YAML file elsewhere in the repository (<c>examples/nginx.yml</c>).</summary>
    public static BootImage BuildFile(string yml, params string[] builderArgs) => BuildFiles([yml], builderArgs);

    /// <summary>Builds YAML files merged in order (as <c>builder build A.yml B.yml</c>); the image is named after the first.</summary>
    public static BootImage BuildFiles(IReadOnlyList<string> ymls, params string[] builderArgs)
    {
        var name = Path.GetFileNameWithoutExtension(ymls[0]);
        var builder = Path.Combine(RepoPaths.Out, "builder", "builder");
        if (!File.Exists(builder))
            throw new InvalidOperationException($"{builder} is missing: run ./build.sh first (it publishes the builder and the base packages)");
        RepoPaths.Binary("init");
        RepoPaths.Binary("containerd-shim");
        var dir = Path.Combine(RepoPaths.Out, "boot-tests", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        Run(builder, ["build", .. ymls, "-o", dir, "--bin", RepoPaths.Bin, .. builderArgs]);
        return new BootImage(dir, name);
    }

    /// <summary>Another file the build wrote, e.g. NAME.iso.</summary>
    public string Output(string fileName) => Path.Combine(_dir, fileName);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout}{stderr.Result}");
    }
}
