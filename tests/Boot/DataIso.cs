namespace Tests.Boot;

/// <summary>
/// The CDs of <c>./build.sh run --data</c>: an ISO 9660 image (xorriso, Rock Ridge) with the given files
/// and volume label, attached as a read-only virtio disk (our kernel package has no CD drive drivers).
/// </summary>
internal static class DataIso
{
    public static string Make(string dir, string name, string label, params (string File, string Content)[] files)
    {
        var content = Path.Combine(dir, name + ".d");
        Directory.CreateDirectory(content);
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(content, file), text);
        var iso = Path.Combine(dir, name + ".iso");
        BootImage.RunTool("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-V", label, "-o", iso, content]);
        return iso;
    }

    public static string[] Drive(string iso) => ["-drive", $"file={iso},if=virtio,format=raw,readonly=on"];
}
