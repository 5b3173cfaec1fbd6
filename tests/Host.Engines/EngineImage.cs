namespace Tests.HostEngines;

/// <summary>
/// The images the engine tests run, made offline and turned into docker-archives by skopeo once, so each
/// engine loads them (docker load, podman load, ctr images import). Nothing is ever pulled. The busybox
/// image is the repository's own package (out/pkg/busybox, an OCI layout that ./build.sh makes); the
/// pause image, a pod sandbox's first container for the CRI tests, is Debian's static busybox as
/// <c>/bin/sleep</c> with <c>sleep infinity</c> as its entrypoint, laid out by images/pkg/oci-layout.sh.
/// </summary>
internal static class EngineImage
{
    public const string Name = "cinit/busybox:test";

    public const string PauseName = "cinit/pause:test";

    private static readonly Lazy<string> ArchivePath = new(Make);

    private static readonly Lazy<string> PauseArchivePath = new(MakePause);

    public static string Archive => ArchivePath.Value;

    public static string PauseArchive => PauseArchivePath.Value;

    private static string Make()
    {
        var layout = Path.Combine(Tests.Common.RepoPaths.Out, "pkg", "busybox");
        if (!File.Exists(Path.Combine(layout, "index.json")))
            throw new InvalidOperationException($"{layout} is missing: run ./build.sh (or images/pkg/busybox/build.sh out)");
        return ToArchive($"oci:{layout}", Name);
    }

    private static string MakePause()
    {
        var busybox = Cli.Need("/bin/busybox", "busybox-static");
        var work = Directory.CreateTempSubdirectory("pause-image-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(work, "rootfs", "bin"));
            File.Copy(busybox, Path.Combine(work, "rootfs", "bin", "sleep"));
            var script = Path.Combine(Tests.Common.RepoPaths.Root, "images", "pkg", "oci-layout.sh");
            var layout = Cli.Run(script, [Path.Combine(work, "rootfs"), Path.Combine(work, "layout"), """{"Entrypoint":["/bin/sleep","infinity"]}"""]);
            if (layout.ExitCode != 0) throw new InvalidOperationException($"{script} failed:\n{layout}");
            return ToArchive($"oci:{Path.Combine(work, "layout")}:latest", PauseName);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string ToArchive(string source, string name)
    {
        var skopeo = Cli.Need("/usr/bin/skopeo", "skopeo");
        var archive = Path.Combine(Directory.CreateTempSubdirectory("engine-image-").FullName, "image.tar");
        var copy = Cli.Run(skopeo, ["copy", source, $"docker-archive:{archive}:{name}"]);
        if (copy.ExitCode != 0) throw new InvalidOperationException($"skopeo copy of {source} failed:\n{copy}");
        return archive;
    }
}
