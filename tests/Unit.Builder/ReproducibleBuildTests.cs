using System.Diagnostics;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>
/// The real builder command, run twice on the same YAML in every format: at different times, with a
/// different umask, time zone and working directory, into different output directories. Every output
/// must be byte-identical.
/// </summary>
public sealed class ReproducibleBuildTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void TwoBuildsAtDifferentTimesUmasksAndDirectoriesAreByteIdentical()
    {
        var modules = new TarLayer().Dir("lib/modules/6.1.0-test").File("lib/modules/6.1.0-test/modules.dep", "\n").ToBytes();
        var bz = new byte[1024];
        "HdrS"u8.CopyTo(bz.AsSpan(0x202));
        new TestImage(null, new TarLayer().File("kernel", bz).File("kernel.tar", modules).ToBytes(gzip: true)).WriteOciLayout(_ws["pkg/kernel-bz"]);
        var yaml = _ws.Yaml("same.yml", "kernel:\n  image: pkg/kernel-bz\n  cmdline: console=ttyS0\nonboot:\n  - name: one\n    image: pkg/app\n"
            + "services:\n  - name: two\n    image: pkg/app-docker.tar\nfiles:\n  - path: etc/x\n    contents: x\n");
        Directory.CreateDirectory(_ws["elsewhere/deeper"]);
        var formats = new[] { "--format", "kernel+initrd", "--format", "iso-bios,raw-bios,iso-efi,raw-efi,qcow2-bios,qcow2-efi,vhd,vmdk,gcp,aws,kernel+squashfs" };

        Builder(_ws.Path, "022", "UTC", ["build", yaml, "-o", "one", "--bin", _ws.Bin, .. formats]);
        Thread.Sleep(2100); // past FAT's 2-second and ISO's 1-second clock steps
        Builder(_ws["elsewhere/deeper"], "077", "Pacific/Kiritimati", ["build", yaml, "-o", _ws["two"], "--bin", _ws.Bin, .. formats]);

        var names = Directory.GetFiles(_ws["one"]).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["same-aws.raw", "same-cmdline", "same-efi.iso", "same-efi.qcow2", "same-efi.raw", "same-initrd.img", "same-kernel", "same-squashfs-initrd.img", "same-squashfs.img",
            "same.img.tar.gz", "same.iso", "same.qcow2", "same.raw", "same.vhd", "same.vmdk"], names);
        foreach (var name in names)
            Assert.True(Hash(Path.Combine(_ws["one"], name)) == Hash(Path.Combine(_ws["two"], name)), $"{name} differs between the two builds");
    }

    // Hashed, not read whole: the cloud disks are a GiB each.
    private static string Hash(string file)
    {
        using var f = File.OpenRead(file);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f));
    }

    private static void Builder(string cwd, string umask, string tz, string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "builder.dll");
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"umask {umask} && exec dotnet exec \"$0\" \"$@\"", dll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd,
        };
        psi.Environment["TZ"] = tz;
        psi.Environment.Remove("SOURCE_DATE_EPOCH");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"builder exited {p.ExitCode}: {stdout.Result}{stderr}");
    }
}
