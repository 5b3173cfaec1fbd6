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
    public static BootImage BuildFile(string yml, params string[] builderArgs) => BuildFiles([yml], null, builderArgs);

    /// <summary>Builds any YAML file, with <paramref name="environment"/> added to the builder's; <see cref="BuildOutput"/> keeps what it said.</summary>
    public static BootImage BuildFile(string yml, IReadOnlyDictionary<string, string>? environment, params string[] builderArgs) =>
        BuildFiles([yml], environment, builderArgs);

    /// <summary>Builds YAML files merged in order (as <c>builder build A.yml B.yml</c>); the image is named after the first.</summary>
    public static BootImage BuildFiles(IReadOnlyList<string> ymls, IReadOnlyDictionary<string, string>? environment, params string[] builderArgs)
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
        var output = RunTool(builder, ["build", .. ymls, "-o", dir, "--bin", RepoPaths.Bin, .. builderArgs], environment);
        return new BootImage(dir, name) { BuildOutput = output };
    }

    /// <summary>The builder's stdout and stderr.</summary>
    public string BuildOutput { get; private init; } = "";

    /// <summary>Another file the build wrote, e.g. NAME.iso.</summary>
    public string Output(string fileName) => Path.Combine(_dir, fileName);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Runs a tool to its end; its stdout and stderr, or an exception quoting them when it fails.</summary>
    internal static string RunTool(string file, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {p.ExitCode}:\n{stdout}{stderr.Result}");
        return stdout + stderr.Result;
    }
}
