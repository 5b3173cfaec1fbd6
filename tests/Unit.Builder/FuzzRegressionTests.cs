using System.Formats.Tar;
using System.Text;
using Builder;
using Builder.Images;
using Builder.Layers;
using Builder.Registry;
using Builder.Tree;
using Builder.Yaml;

namespace Tests.UnitBuilder;

/// <summary>What tests/Unit.Fuzz found in the builder's readers of outside input, each now a build error that says
/// where, instead of an unhandled exception.</summary>
public sealed class FuzzRegressionTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("fuzz-regress-").FullName;

    [Fact]
    public void A_truncated_layer_names_the_last_good_entry()
    {
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a") { DataStream = new MemoryStream(new byte[10]) });
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "b") { DataStream = new MemoryStream(new byte[4000]) });
        }
        var cut = tar.ToArray()[..2500];
        var e = Assert.Throws<BuildFailure>(() => Apply(cut));
        Assert.Contains("not a valid tar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_in_a_v7_header_is_refused()
    {
        var tar = new MemoryStream();
        using (var w = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
            w.WriteEntry(new UstarTarEntry(TarEntryType.CharacterDevice, "dev/null") { DeviceMajor = 1, DeviceMinor = 3 });
        var bytes = tar.ToArray();
        Array.Clear(bytes, 257, 8); // no "ustar" magic: a V7 header with type '3'
        Array.Fill(bytes, (byte)' ', 148, 8);
        var sum = bytes.Take(512).Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, 148);
        var e = Assert.Throws<BuildFailure>(() => Apply(bytes));
        Assert.Contains("dev/null", e.Message, StringComparison.Ordinal);
        Assert.Contains("V7", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"digest\":null,\"size\":1},\"layers\":[]}", "m: config.digest: missing")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"size\":1}]}", "m: manifests[0].digest: missing")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:00\"},\"layers\":[null]}", "m: layers[0]: null")]
    public void A_manifest_blob_without_a_digest_is_refused_naming_it(string json, string expected) =>
        Assert.Equal(expected, Assert.Throws<BuildFailure>(() => RegistryJson.ParseManifest(Encoding.UTF8.GetBytes(json), "m")).Message);

    [Theory]
    [InlineData("{\"config\":{\"Cmd\":[1]}}", "image config: config.Cmd[0]: expected a string, found number")]
    [InlineData("\"x\"", "image config: expected a JSON object, found string")]
    [InlineData("{\"config\":", "image config: not valid JSON")]
    public void A_bad_image_config_is_a_build_error_naming_the_field(string json, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<BuildFailure>(() => ImageConfig.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)))).Message);

    [Fact]
    public void An_image_config_string_that_is_not_utf8_is_a_build_error()
    {
        byte[] json = [.. "{\"config\":{\"User\":\""u8, 0xff, 0xfe, .. "\"}}"u8];
        Assert.StartsWith("image config: config: ", Assert.Throws<BuildFailure>(() => ImageConfig.Parse(new MemoryStream(json))).Message);
    }

    [Fact]
    public void Yaml_that_makes_the_parser_give_up_is_an_error_with_a_position()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Regressions", "yaml-scanner-gives-up.yml"));
        var e = Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(text, "x.yml"));
        Assert.Matches(@"^x\.yml:\d+:\d+: ", e.Message);
    }

    [Fact]
    public void A_gnu_long_name_with_an_oversized_size_field_is_refused()
    {
        // One GNU ././@LongLink header whose size (octal 20000000172, over 2 GiB) System.Formats.Tar refuses
        // with InvalidOperationException rather than InvalidDataException.
        var header = new byte[512];
        void Field(int at, string text) => Encoding.ASCII.GetBytes(text).CopyTo(header, at);
        Field(0, "././@LongLink");
        Field(100, "0000000\0");
        Field(108, "0000000\0");
        Field(116, "0000000\0");
        Field(124, "20000000172\0");
        Field(136, "00000000000\0");
        header[156] = (byte)'L';
        Field(257, "ustar  \0");
        Array.Fill(header, (byte)' ', 148, 8);
        Field(148, Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ");
        var tar = header.Concat(new byte[1024]).ToArray();
        var e = Assert.Throws<BuildFailure>(() => Apply(tar));
        Assert.Contains("not a valid tar at its first entry", e.Message, StringComparison.Ordinal);
    }

    private void Apply(byte[] tar)
    {
        using var spool = new ContentSpool(_spool);
        new LayerApplier(new FsTree(), spool, 1).Apply(new MemoryStream(tar));
    }

    public void Dispose() => Directory.Delete(_spool, recursive: true);
}
