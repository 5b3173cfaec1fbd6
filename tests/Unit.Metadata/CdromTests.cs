using System.Diagnostics;
using System.Text;
using Metadata.Providers;

namespace Tests.UnitMetadata;

/// <summary>The cdrom provider's label probe on real ISO and FAT images (xorriso, mkfs.fat), and what it reads from a volume's files.</summary>
public sealed class CdromTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cinit-cdrom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}");
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: exit {p.ExitCode}: {err.Result}");
    }

    [Theory]
    [InlineData("config")]
    [InlineData("cidata")]
    public void AnIsoVolumeIdIsItsLabel(string label)
    {
        var content = Directory.CreateDirectory(Path.Combine(_dir, "c")).FullName;
        File.WriteAllText(Path.Combine(content, "config"), "{}");
        var iso = Path.Combine(_dir, "x.iso");
        Run("xorriso", "-as", "mkisofs", "-quiet", "-V", label, "-o", iso, content);
        Assert.Equal(new Volume("iso9660", label), VolumeProbe.Read(iso));
    }

    [Theory]
    [InlineData("12", "CIDATA")]
    [InlineData("32", "CIDATA")]
    public void AFatLabelIsRead(string fat, string label)
    {
        var image = Path.Combine(_dir, "x.img");
        using (var f = File.Create(image)) f.SetLength(fat == "32" ? 40L << 20 : 4L << 20);
        Run("/sbin/mkfs.fat", "-F", fat, "-n", label, image);
        Assert.Equal(new Volume("vfat", label), VolumeProbe.Read(image));
    }

    [Fact]
    public void AnythingElseIsNoVolume()
    {
        var image = Path.Combine(_dir, "zero.img");
        File.WriteAllBytes(image, new byte[64 << 10]);
        Assert.Null(VolumeProbe.Read(image));
    }

    [Fact]
    public void AConfigFileIsTheUserdataWhateverTheLabel()
    {
        File.WriteAllText(Path.Combine(_dir, "config"), "data");
        var found = CdromProvider.Files("/dev/vdb: ISO 9660 \"config\"", new Volume("iso9660", "config"), _dir).Data!;
        Assert.Equal("data", Encoding.UTF8.GetString(found.Userdata!));
    }

    [Fact]
    public void ACidataVolumeGivesUserDataAndTheLocalHostname()
    {
        File.WriteAllText(Path.Combine(_dir, "user-data"), "#cloud-config\n");
        File.WriteAllText(Path.Combine(_dir, "meta-data"), "instance-id: i-1\nlocal-hostname: 'nocloud-1'\n");
        var found = CdromProvider.Files("x", new Volume("vfat", "CIDATA"), _dir).Data!;
        Assert.Equal("#cloud-config\n", Encoding.UTF8.GetString(found.Userdata!));
        Assert.Equal("nocloud-1", found.Hostname);
    }

    [Fact]
    public void AVolumeWithoutKnownFilesSaysSo()
    {
        File.WriteAllText(Path.Combine(_dir, "readme"), "x");
        Assert.Equal("/dev/vdb: ISO 9660 \"JUNK\": no file config (and not labelled cidata)",
            CdromProvider.Files("/dev/vdb: ISO 9660 \"JUNK\"", new Volume("iso9660", "JUNK"), _dir).Failure);
        Assert.Equal("x: labelled cidata but holds neither user-data nor meta-data",
            CdromProvider.Files("x", new Volume("iso9660", "cidata"), _dir).Failure);
    }

    [Theory]
    [InlineData("local-hostname: a\n", "a")]
    [InlineData("{\"local-hostname\": \"b\", \"instance-id\": \"i\"}", "b")]
    [InlineData("instance-id: i\n", null)]
    [InlineData("{broken", null)]
    public void NoCloudHostname(string metaData, string? hostname) => Assert.Equal(hostname, CdromProvider.NoCloudHostname(metaData));
}
