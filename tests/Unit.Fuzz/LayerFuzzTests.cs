using System.Text;
using Builder;
using Builder.Initramfs;
using Builder.Layers;
using Builder.Tree;
using Tests.UnitBuilder.Support;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>
/// An image layer from outside (a tar, gzip'd or not) through the layer applier and then the initramfs packer:
/// the layer is refused with a <see cref="BuildFailure"/> (never another exception), or every name the cpio
/// holds is inside the root (relative, no <c>..</c> or <c>.</c>, its parent directory written before it, so the
/// kernel's unpacker can only create it under /), names are unique, and each file's bytes are the tree's.
/// </summary>
public sealed class LayerFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Tokens =
    [
        "../", "/", "./", ".wh.", ".wh..wh..opq", "\0", "0000777\0", "0000644\0", "00000000000\0", "77777777777\0", "ustar\0", "ustar  \0",
        "path=", "linkpath=", "size=", "30 path=../../etc/passwd\n", "././@LongLink", "x/", "a/b/c",
    ];

    private readonly string _spoolDir = Directory.CreateTempSubdirectory("fuzz-spool-").FullName;

    /// <summary>Every seed as it is, each run: the corpus keeps what a random run once found
    /// (gnu-longlink-oversize.tar: a GNU long name whose size field the reader refuses with
    /// InvalidOperationException, which escaped the applier).</summary>
    [Fact]
    public void Every_seed_is_refused_or_lands_inside_the_root()
    {
        foreach (var seed in FuzzRun.Corpus("tar")) Check(seed);
    }

    [Fact]
    public void A_layer_is_refused_or_lands_inside_the_root_and_round_trips_through_cpio()
    {
        var gen = ByteMutator.From(FuzzRun.Corpus("tar"), Tokens);
        FuzzRun.Run(gen, Check, FuzzRun.Base64, output);
    }

    internal void Check(byte[] bytes)
    {
        using var spool = new ContentSpool(_spoolDir);
        var tree = new FsTree();
        try
        {
            new LayerApplier(tree, spool, 1).Apply(new MemoryStream(bytes));
        }
        catch (BuildFailure)
        {
            return;
        }
        var cpio = new MemoryStream();
        new InitramfsPacker().Write(tree.Root, cpio);
        AssertInsideRoot(CpioReader.Read(cpio.ToArray()), tree);
    }

    internal static void AssertInsideRoot(List<CpioEntry> entries, FsTree tree)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            Assert.True(names.Add(e.Name), $"\"{e.Name}\" is written twice");
            var parts = e.Name.Split('/');
            Assert.False(e.Name.StartsWith('/') || parts.Any(p => p is "" or "." or ".."), $"\"{e.Name}\" leads outside the root");
            var parent = string.Join('/', parts[..^1]);
            Assert.True(parent.Length == 0 || directories.Contains(parent), $"\"{e.Name}\" comes before its directory");
            if (e.Type == 0x4000) directories.Add(e.Name);
            var node = tree.Find(parts)!;
            Assert.NotNull(node);
            if (e.Type == 0x8000 && e.Data.Length > 0)
            {
                using var content = node.Content!.OpenRead();
                var expected = new MemoryStream();
                content.CopyTo(expected);
                Assert.Equal(expected.ToArray(), e.Data);
            }
            if (e.Type == 0xA000) Assert.Equal(node.LinkTarget, Encoding.UTF8.GetString(e.Data));
        }
    }

    public void Dispose() => Directory.Delete(_spoolDir, recursive: true);
}
