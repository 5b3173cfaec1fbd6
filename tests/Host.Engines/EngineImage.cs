namespace Tests.HostEngines;

/// <summary>
/// The image every engine test runs: the repository's own busybox package (out/pkg/busybox, an OCI
/// layout that ./build.sh makes), turned into a docker-archive by skopeo once, so each engine loads it
/// offline (docker load, podman load, ctr images import). Nothing is ever pulled.
/// </summary>
internal static class EngineImage
{
    public const string Name = "cinit/busybox:test";

    private static readonly Lazy<string> ArchivePath = new(Make);

    public static string Archive => ArchivePath.Value;

    private static string Make()
    {
        var layout = Path.Combine(Tests.Common.RepoPaths.Out, "pkg", "busybox");
        if (!File.Exists(Path.Combine(layout, "index.json")))
            throw new InvalidOperationException($"{layout} is missing: run ./build.sh (or images/pkg/busybox/build.sh out)");
        var skopeo = Cli.Need("/usr/bin/skopeo", "skopeo");
        var archive = Path.Combine(Directory.CreateTempSubdirectory("engine-image-").FullName, "busybox.tar");
        var copy = Cli.Run(skopeo, ["copy", $"oci:{layout}", $"docker-archive:{archive}:{Name}"]);
        if (copy.ExitCode != 0) throw new InvalidOperationException($"skopeo copy of {layout} failed:\n{copy}");
        return archive;
    }
}
