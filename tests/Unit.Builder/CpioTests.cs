using System.Diagnostics;
using Builder.Initramfs;
using Builder.Tree;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder;

/// <summary>The newc writer, read back by an independent reader and by GNU cpio.</summary>
public sealed class CpioTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static FsNode SampleTree()
    {
        var tree = new FsTree();
        var shared = FsNode.File(new BytesContent("busybox!"u8.ToArray()), 0x1ED);
        tree.Put("bin/sh", shared);
        tree.Put("bin/busybox", shared);
        tree.Put("etc/passwd", FsNode.File(new BytesContent("root:x:0:0\n"u8.ToArray()), 0x1A4, 1000, 100));
        tree.Put("etc/odd", FsNode.File(new BytesContent("12345"u8.ToArray()), 0x1A4));
        tree.Put("lib", FsNode.Symlink("usr/lib"));
        tree.EnsureDirectory("usr/lib");
        tree.Put("dev/console", FsNode.Special(NodeKind.CharDevice, 0x180, 5, 1));
        tree.Put("dev/sda", FsNode.Special(NodeKind.BlockDevice, 0x1B0, 8, 0));
        tree.Put("run/fifo", FsNode.Special(NodeKind.Fifo, 0x1A4, 0, 0));
        tree.EnsureDirectory("tmp").Mode = 0x3FF;
        return tree.Root;
    }

    private string Pack(FsNode root)
    {
        var path = _temp["initrd.img"];
        using (var f = File.Create(path)) InitramfsPacker.WriteGzip(root, f);
        return path;
    }

    [Fact]
    public void EntriesComeSortedWithParentsFirstAndKeepTypeModeOwnerAndDevice()
    {
        var entries = CpioReader.ReadGzip(Pack(SampleTree()));
        Assert.Equal(
            ["bin", "bin/busybox", "bin/sh", "dev", "dev/console", "dev/sda", "etc", "etc/odd", "etc/passwd", "lib",
             "run", "run/fifo", "tmp", "usr", "usr/lib"],
            entries.Select(e => e.Name));
        var e = entries.ToDictionary(x => x.Name);
        Assert.Equal((0x2000u, 0x180u, 5u, 1u), (e["dev/console"].Type, e["dev/console"].Permissions, e["dev/console"].RdevMajor, e["dev/console"].RdevMinor));
        Assert.Equal((0x6000u, 8u, 0u), (e["dev/sda"].Type, e["dev/sda"].RdevMajor, e["dev/sda"].RdevMinor));
        Assert.Equal(0x1000u, e["run/fifo"].Type);
        Assert.Equal((0xA000u, "usr/lib"), (e["lib"].Type, e["lib"].Text));
        Assert.Equal((0x8000u, 0x1A4u, 1000u, 100u, "root:x:0:0\n"), (e["etc/passwd"].Type, e["etc/passwd"].Permissions, e["etc/passwd"].Uid, e["etc/passwd"].Gid, e["etc/passwd"].Text));
        Assert.Equal((0x4000u, 0x3FFu), (e["tmp"].Type, e["tmp"].Permissions));
        Assert.Equal(3u, e["usr"].Links); // 2 + one subdirectory
    }

    [Fact]
    public void HardLinksShareAnInodeAndStoreTheDataOnceWithTheLastName()
    {
        var e = CpioReader.ReadGzip(Pack(SampleTree())).ToDictionary(x => x.Name);
        Assert.Equal(e["bin/busybox"].Inode, e["bin/sh"].Inode);
        Assert.Equal((2u, 2u), (e["bin/busybox"].Links, e["bin/sh"].Links));
        Assert.Empty(e["bin/busybox"].Data);
        Assert.Equal("busybox!", e["bin/sh"].Text);
        Assert.Equal(e.Count, e.Values.Select(x => x.Inode).Distinct().Count() + 1);
    }

    [Fact]
    public void GnuCpioListsAndExtractsTheSameTree()
    {
        var cpio = Tool("cpio");
        var tree = SampleTree();
        tree.Children!["dev"].Children!.Clear(); // extraction of device nodes would need mknod on the host
        var raw = _temp["initrd.cpio"];
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(Pack(tree)), System.IO.Compression.CompressionMode.Decompress))
        using (var f = File.Create(raw)) gz.CopyTo(f);
        var listing = Run(cpio, "-it", raw, _temp.Path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CpioReader.ReadGzip(Pack(tree)).Select(x => x.Name), listing);
        var root = _temp["x"];
        Directory.CreateDirectory(root);
        Run(cpio, "-id --no-absolute-filenames", raw, root);
        Assert.Equal("busybox!", File.ReadAllText(Path.Combine(root, "bin/busybox")));
        Assert.Equal("busybox!", File.ReadAllText(Path.Combine(root, "bin/sh")));
        Assert.Equal("usr/lib", new FileInfo(Path.Combine(root, "lib")).LinkTarget);
        Assert.Equal("12345", File.ReadAllText(Path.Combine(root, "etc/odd")));
    }

    private static string Tool(string name) =>
        new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is needed for this test: apt-get install {name}");

    private static string Run(string tool, string args, string stdinFile, string cwd)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"{tool} {args} < '{stdinFile}'"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {args} failed: {stderr}");
        return stdout;
    }
}
