using System.Diagnostics;
using Tests.Common;

namespace Tests.UnitMetadata;

/// <summary>The published binary's command line: a bad argument is exit 2 naming it, before any provider runs.</summary>
public sealed class CommandLineTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(RepoPaths.Binary("metadata")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void AnUnknownProviderIsExit2NamingIt()
    {
        var (code, stdout, stderr) = Run("cdrom", "azure");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("metadata: unknown provider \"azure\" (known: aws, gcp, openstack, cdrom)\n", stderr);
    }

    [Fact]
    public void AnOptionIsExit2WithTheUsage()
    {
        var (code, _, stderr) = Run("--help");
        Assert.Equal(2, code);
        Assert.StartsWith("metadata: unknown option \"--help\"; usage: metadata [aws|gcp|openstack|cdrom]...", stderr);
    }
}
