using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Builder;
using Builder.Packages;
using Tests.UnitBuilder.Support;

namespace Tests.UnitBuilder.Packages;

/// <summary>
/// A whole <c>builder pkg build</c> from a .deb made here with dpkg-deb (no network): the layout holds the
/// package's files minus docs, the recipe's users and own files; two builds give the same digests; a
/// second run is "up to date"; a failure leaves nothing behind.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PackageBuildTests : IDisposable
{
    private const string Index = """
        Package: tiny
        Version: 1:1.0-1
        Architecture: amd64
        Depends: libc6 | libc6.1, debconf

        Package: libc6
        Version: 2.36-9
        Architecture: amd64

        """;

    private const string Recipe = """
        image: tiny
        debian: [tiny]
        exclude: [debconf]
        users:
          - {name: tiny, uid: 101, gid: 102, home: /var/lib/tiny}
        groups:
          - {name: tiny, gid: 102}
        concatenate:
          - {path: etc/tiny.all, from: [etc/tiny.d/*.conf, etc/tiny.d/*.bak]}
        directories:
          - {path: var/lib/tiny, uid: 101, gid: 102, mode: "0750"}
        remove: [etc/tiny.d/*.bak]
        imageConfig:
          entrypoint: [/usr/bin/tool]
        config:
          capabilities: [CAP_NET_BIND_SERVICE]
        """;

    private readonly TempDirectory _dir = new();

    public PackageBuildTests()
    {
        Directory.CreateDirectory(_dir["debs"]);
        MakeDeb("tiny", "1:1.0-1", _dir["debs/tiny_1%3a1.0-1_amd64.deb"], ("usr/bin/tool", "#!/bin/sh\n", 0x1ED),
            ("usr/share/doc/tiny/copyright", "text\n", 0x1A4), ("etc/tiny.d/a.conf", "a\n", 0x1A4), ("etc/tiny.d/old.bak", "b", 0x1A4));
        MakeDeb("libc6", "2.36-9", _dir["debs/libc6_2.36-9_amd64.deb"], ("lib/x86_64-linux-gnu/libc.so.6", "elf\n", 0x1ED));
        Directory.CreateDirectory(_dir["recipe/tiny/rootfs/usr/local/bin"]);
        File.WriteAllText(_dir["recipe/tiny/build.yml"], Recipe);
        File.WriteAllText(_dir["recipe/tiny/rootfs/usr/local/bin/start"], "#!/bin/sh\nexec tool\n");
        File.SetUnixFileMode(_dir["recipe/tiny/rootfs/usr/local/bin/start"], (UnixFileMode)0x1ED);
    }

    public void Dispose() => _dir.Dispose();

    private string Build(string output, StringWriter? log = null)
    {
        var build = new PackageBuild(() => PackageIndex.Parse(new StringReader(Index)), _dir["debs"], log ?? new StringWriter());
        build.Run(RecipeReader.Read(_dir["recipe/tiny"]), _dir[output], null);
        return _dir[output];
    }

    [Fact]
    public void TheLayerHoldsThePackagesFilesTheAccountsAndTheOverlayButNoDocs()
    {
        var files = LayerFiles(Build("out/pkg/tiny"));
        Assert.Equal("#!/bin/sh\n", files["usr/bin/tool"].Text);
        Assert.Equal(0x1ED, files["usr/bin/tool"].Mode);
        Assert.True(files.ContainsKey("lib/x86_64-linux-gnu/libc.so.6"));
        Assert.False(files.ContainsKey("usr/share/doc/tiny/copyright"));
        Assert.False(files.ContainsKey("etc/tiny.d/old.bak"));
        Assert.True(files.ContainsKey("etc/tiny.d/a.conf"));
        Assert.Equal("root:x:0:0:root:/root:/bin/sh\ntiny:x:101:102::/var/lib/tiny:/usr/sbin/nologin\n", files["etc/passwd"].Text);
        Assert.Equal("root:x:0:\ntiny:x:102:\n", files["etc/group"].Text);
        Assert.Equal(0x1ED, files["usr/local/bin/start"].Mode);
        Assert.Equal("a\nb\n", files["etc/tiny.all"].Text);
        Assert.Equal((0x1E8, 101, 102), (files["var/lib/tiny/"].Mode, files["var/lib/tiny/"].Uid, files["var/lib/tiny/"].Gid));
    }

    [Fact]
    public void TwoBuildsGiveTheSameBytes()
    {
        var a = Build("a/tiny");
        var b = Build("b/tiny");
        Assert.Equal(File.ReadAllText(Path.Combine(a, "index.json")), File.ReadAllText(Path.Combine(b, "index.json")));
        Assert.Equal(Directory.GetFiles(Path.Combine(a, "blobs/sha256")).Select(Path.GetFileName).Order(),
            Directory.GetFiles(Path.Combine(b, "blobs/sha256")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void AnUnchangedRecipeIsUpToDateAndAChangedOneIsRebuilt()
    {
        Build("out/pkg/tiny");
        var log = new StringWriter();
        Build("out/pkg/tiny", log);
        Assert.Equal("builder: pkg tiny: up to date\n", log.ToString());
        File.AppendAllText(_dir["recipe/tiny/rootfs/usr/local/bin/start"], "# changed\n");
        log = new StringWriter();
        Build("out/pkg/tiny", log);
        Assert.StartsWith("builder: pkg tiny: built ", log.ToString());
    }

    [Fact]
    public void AFailedBuildLeavesNothing()
    {
        File.WriteAllText(_dir["recipe/tiny/build.yml"], Recipe.Replace("debian: [tiny]", "debian: [tiny, ghost]"));
        var e = Assert.Throws<BuildFailure>(() => Build("out/pkg/tiny"));
        Assert.EndsWith("build.yml:2:16: debian[1]: package \"ghost\" does not exist (not in apt's lists: check the name, or run apt-get update)", e.Message);
        File.Delete(_dir["debs/libc6_2.36-9_amd64.deb"]);
        File.WriteAllText(_dir["recipe/tiny/build.yml"], Recipe);
        // libc6 is not in the .deb cache now and apt has no libc6=2.36-9 to download.
        Assert.Throws<BuildFailure>(() => Build("out/pkg/tiny"));
        Assert.Empty(Directory.Exists(_dir["out/pkg"]) ? Directory.GetFileSystemEntries(_dir["out/pkg"]) : []);
    }

    [Fact]
    public void BusyboxGoesUnderneathAndItsPasswdGainsTheRecipesUsers()
    {
        var busybox = new Builder.Tree.FsTree();
        busybox.Put("bin/busybox", Builder.Tree.FsNode.File(new Builder.Tree.BytesContent("BB"u8.ToArray()), 0x1ED));
        busybox.Put("etc/passwd", Builder.Tree.FsNode.File(new Builder.Tree.BytesContent("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n"u8.ToArray()), 0x1A4));
        OciLayoutWriter.Write(busybox.Root, new System.Text.Json.Nodes.JsonObject(), _dir["busybox"], "test");
        Directory.CreateDirectory(_dir["recipe/shell"]);
        File.WriteAllText(_dir["recipe/shell/build.yml"], "image: shell\ndebian: []\nbusybox: true\nusers:\n  - {name: sshd, uid: 100, gid: 65534, home: /run/sshd}\n");
        var build = new PackageBuild(() => throw new InvalidOperationException("no index needed"), _dir["debs"], new StringWriter());
        build.Run(RecipeReader.Read(_dir["recipe/shell"]), _dir["out/shell"], _dir["busybox"]);
        var files = LayerFiles(_dir["out/shell"]);
        Assert.Equal("BB", files["bin/busybox"].Text);
        Assert.Equal("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\nsshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n",
            files["etc/passwd"].Text);
    }

    [Fact]
    public void ProgramsComeFromTheBinDirectoryAndARebuiltOneRebuildsThePackage()
    {
        Directory.CreateDirectory(_dir["recipe/prog"]);
        Directory.CreateDirectory(_dir["bin"]);
        File.WriteAllText(_dir["recipe/prog/build.yml"], "image: prog\ndebian: []\nprograms: [metadata]\ndirectories:\n  - {path: mnt/metadata}\n");
        File.WriteAllText(_dir["bin/metadata"], "ELF one");
        var build = new PackageBuild(() => throw new InvalidOperationException("no index needed"), _dir["debs"], new StringWriter());
        build.Run(RecipeReader.Read(_dir["recipe/prog"]), _dir["out/prog"], null, _dir["bin"]);
        var files = LayerFiles(_dir["out/prog"]);
        Assert.Equal(("ELF one", 0x1ED), (files["usr/bin/metadata"].Text, files["usr/bin/metadata"].Mode));
        Assert.True(files.ContainsKey("mnt/metadata/"));

        var log = new StringWriter();
        new PackageBuild(() => throw new InvalidOperationException("no index needed"), _dir["debs"], log)
            .Run(RecipeReader.Read(_dir["recipe/prog"]), _dir["out/prog"], null, _dir["bin"]);
        Assert.Equal("builder: pkg prog: up to date\n", log.ToString());
        File.WriteAllText(_dir["bin/metadata"], "ELF two");
        build.Run(RecipeReader.Read(_dir["recipe/prog"]), _dir["out/prog"], null, _dir["bin"]);
        Assert.Equal("ELF two", LayerFiles(_dir["out/prog"])["usr/bin/metadata"].Text);

        File.Delete(_dir["bin/metadata"]);
        var e = Assert.Throws<BuildFailure>(() => build.Run(RecipeReader.Read(_dir["recipe/prog"]), _dir["out/prog"], null, _dir["bin"]));
        Assert.Contains("build.yml:3:12: programs[0]: program \"metadata\": " + _dir["bin/metadata"] + " is missing: run ./build.sh", e.Message);
    }

    private static Dictionary<string, (string Text, int Mode, int Uid, int Gid)> LayerFiles(string layout)
    {
        var blobs = Path.Combine(layout, "blobs/sha256");
        var layer = Directory.GetFiles(blobs).Single(f => new FileInfo(f).Length > 100 && File.ReadAllBytes(f)[0] == 0x1F);
        using var tar = new TarReader(new GZipStream(File.OpenRead(layer), CompressionMode.Decompress));
        var files = new Dictionary<string, (string, int, int, int)>();
        while (tar.GetNextEntry() is { } e)
        {
            Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime);
            if (e.EntryType is not (TarEntryType.RegularFile or TarEntryType.Directory)) continue;
            var text = e.DataStream is null ? "" : new StreamReader(e.DataStream, Encoding.UTF8).ReadToEnd();
            files[e.Name] = (text, (int)e.Mode, e.Uid, e.Gid);
        }
        return files;
    }

    private void MakeDeb(string name, string version, string deb, params (string Path, string Text, int Mode)[] files)
    {
        var root = _dir[$"src-{name}"];
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        File.WriteAllText(Path.Combine(root, "DEBIAN/control"),
            $"Package: {name}\nVersion: {version}\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: test\n");
        foreach (var (path, text, mode) in files)
        {
            var file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
            File.SetUnixFileMode(file, (UnixFileMode)mode);
        }
        var psi = new ProcessStartInfo("dpkg-deb", ["--root-owner-group", "--build", root, deb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("dpkg-deb is missing: apt-get install dpkg");
        }
        using (p)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"dpkg-deb --build failed: {err}");
        }
    }
}
