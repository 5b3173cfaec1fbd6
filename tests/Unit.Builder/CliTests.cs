using System.Diagnostics;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>The real <c>builder</c> command line: exit codes and the one-line <c>builder: ...</c> errors.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private (int Code, string Stdout, string Stderr) Builder(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "builder.dll");
        var psi = new ProcessStartInfo("dotnet", ["exec", dll, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _ws.Path,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void BuildsWithOutputAndBinFlags()
    {
        _ws.Yaml("img.yml", "kernel:\n  image: pkg/kernel\nservices:\n  - name: web\n    image: pkg/app\n");
        var (code, stdout, stderr) = Builder("build", "img.yml", "-o", "o", "--bin", "bin");
        Assert.True(code == 0, stderr);
        Assert.Equal("builder: wrote o/img-{kernel,initrd.img,cmdline}\n", stdout);
        Assert.True(File.Exists(_ws["o/img-initrd.img"]));
    }

    [Fact]
    public void DefaultsAreOutAndOutBinRelativeToTheCurrentDirectory()
    {
        Directory.CreateDirectory(_ws["out"]);
        Directory.Move(_ws.Bin, _ws["out/bin"]);
        _ws.Yaml("img.yml", "kernel:\n  image: pkg/kernel\n");
        var (code, _, stderr) = Builder("build", "img.yml");
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(_ws["out/img-kernel"]));
    }

    [Theory]
    [InlineData(new[] { "build", "bad.yml", "--bin", "bin" }, "builder: bad.yml:2:3: kernel.imag: unknown key (did you mean \"image\"?)\n")]
    [InlineData(new[] { "build", "nope.yml" }, "builder: nope.yml: cannot read: Could not find file '{ws}/nope.yml'.\n")]
    [InlineData(new string[0], "builder: usage: builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format kernel+initrd|iso-bios|raw-bios|iso-efi|raw-efi|qcow2-bios|qcow2-efi|vhd|vmdk|gcp|aws|kernel+squashfs]... [--mirror [REGISTRY=]URL]...\n")]
    [InlineData(new[] { "build" }, "builder: no YAML file given; usage: builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format kernel+initrd|iso-bios|raw-bios|iso-efi|raw-efi|qcow2-bios|qcow2-efi|vhd|vmdk|gcp|aws|kernel+squashfs]... [--mirror [REGISTRY=]URL]...\n")]
    [InlineData(new[] { "build", "x.yml", "-o" }, "builder: -o needs a value; usage: builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format kernel+initrd|iso-bios|raw-bios|iso-efi|raw-efi|qcow2-bios|qcow2-efi|vhd|vmdk|gcp|aws|kernel+squashfs]... [--mirror [REGISTRY=]URL]...\n")]
    [InlineData(new[] { "build", "x.yml", "--fast" }, "builder: unknown option --fast; usage: builder build FILE.yml [FILE2.yml ...] [-o DIR] [--bin DIR] [--format kernel+initrd|iso-bios|raw-bios|iso-efi|raw-efi|qcow2-bios|qcow2-efi|vhd|vmdk|gcp|aws|kernel+squashfs]... [--mirror [REGISTRY=]URL]...\n")]
    [InlineData(new[] { "build", "x.yml", "--format", "qcow3" }, "builder: unknown format \"qcow3\" (expected: kernel+initrd, iso-bios, raw-bios, iso-efi, raw-efi, qcow2-bios, qcow2-efi, vhd, vmdk, gcp, aws, kernel+squashfs)\n")]
    public void ErrorsAreOneLineOnStderrAndExitOne(string[] args, string expected)
    {
        _ws.Yaml("bad.yml", "kernel:\n  imag: pkg/kernel\n");
        var (code, stdout, stderr) = Builder(args);
        Assert.Equal((1, "", expected.Replace("{ws}", _ws.Path)), (code, stdout, stderr));
    }
}
