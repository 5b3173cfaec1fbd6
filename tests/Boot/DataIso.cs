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

    /// <summary>A FAT image labelled <paramref name="label"/> with the files (mkfs.fat, mtools' mcopy: no mount, no root).</summary>
    public static string MakeFat(string dir, string name, string label, params (string File, string Content)[] files)
    {
        var image = Path.Combine(dir, name + ".img");
        File.Delete(image);
        BootImage.RunTool("/sbin/mkfs.fat", ["-C", "-n", label, image, "2048"]);
        foreach (var (file, text) in files)
        {
            var source = Path.Combine(dir, name + "-" + file);
            File.WriteAllText(source, text);
            BootImage.RunTool("mcopy", ["-i", image, source, "::" + file]);
        }
        return image;
    }

    public static string[] Drive(string iso) => ["-drive", $"file={iso},if=virtio,format=raw,readonly=on"];
}
