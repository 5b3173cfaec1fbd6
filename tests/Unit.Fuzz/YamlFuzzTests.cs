using System.Text;
using Builder;
using Builder.Bundles;
using Builder.Images;
using Builder.Yaml;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>The image YAML reader and the spec factory behind it: whatever the bytes, the answer is an image
/// definition with specs, or a <see cref="BuildFailure"/> naming the file and where in it (never another exception).</summary>
public sealed class YamlFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens =
    [
        ": ", "- ", "\n  - ", "\n    ", "&a ", "*a", "<<: *a\n", "!!binary ", "!!int ", "\"", "'", "|\n", ">-\n", "---\n", "...\n",
        "[", "]", "{", "}", ", ", "~", "null", "true", "-1", "0x10", "1e400", "18446744073709551616", "\\u0000", "\t",
        "binds: [\"/a:/b:ro\"]", "tmpfs: [/t]", "capabilities: [all]", "runtime: {mounts: [{type: tmpfs}]}", "image: x",
        "name: ", "services:\n", "onboot:\n", "files:\n  - path: ", "../", "/dev/", "uid: ", "net: host", "pid: /proc/1/ns/pid",
    ];

    [Fact]
    public void Image_yaml_is_read_or_refused_naming_where()
    {
        var gen = ByteMutator.From(FuzzRun.Corpus("yaml"), Tokens);
        FuzzRun.Run(gen, Check, FuzzRun.Base64, output);
    }

    internal static void Check(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        ImageDefinition d;
        try
        {
            d = ImageDefinitionReader.FromText(text, "fuzz.yml");
        }
        catch (BuildFailure e)
        {
            Assert.StartsWith("fuzz.yml", e.Message, StringComparison.Ordinal);
            return;
        }
        var image = ImageConfig.Empty with { Cmd = ["/bin/sh"] };
        foreach (var c in d.Onboot.Concat(d.Services).Concat(d.Onshutdown))
        {
            var context = new BundleContext($"containers/services/{c.Name}", IdResolver.ForFiles(d), d.Volumes.ToDictionary(v => v.Name), []);
            try
            {
                ContainerSpecFactory.Create(c, image, context);
            }
            catch (BuildFailure e)
            {
                Assert.StartsWith("fuzz.yml", e.Message, StringComparison.Ordinal);
            }
        }
    }
}
