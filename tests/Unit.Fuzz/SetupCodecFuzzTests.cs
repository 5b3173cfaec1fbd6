using Linux;
using Shim.Config;
using Shim.Protocol;
using Shim.Stage1;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>The stage-1 → stage-2 handoff decoder (Protocol/SetupCodec): mutated encodings of real configs
/// decode or are refused with a <see cref="SysException"/> naming the field (<c>handoff: FIELD: ...</c>),
/// never another exception or a hang; and what decodes is canonical: encoding it again gives the same bytes.</summary>
public sealed class SetupCodecFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Tokens = ["\0\0\0\0", "\u007f\u007f\u007f\u007f", "\u0001", "\u0002", "\u0009", "CSU1"];

    [Fact]
    public void The_handoff_is_decoded_or_refused_naming_the_field()
    {
        var gen = ByteMutator.From(Seeds(), Tokens);
        FuzzRun.Run(gen, Check, FuzzRun.Base64, output);
    }

    /// <summary>The config corpus as stage 1 would send it: each config that loads, encoded.</summary>
    private static List<byte[]> Seeds()
    {
        var bundle = Directory.CreateTempSubdirectory("fuzz-setup-").FullName;
        Directory.CreateDirectory(Path.Combine(bundle, "rootfs"));
        var seeds = new List<byte[]>();
        foreach (var bytes in FuzzRun.Corpus("config"))
        {
            try
            {
                var config = ContainerConfig.FromSpec(bundle, ConfigJson.Parse(bytes, "config.json"));
                seeds.Add(SetupCodec.Encode(SetupBuilder.From(config, new SetupBuilder.Launch("fuzz", 1, true, "/run/console", 0))));
            }
            catch (SysException)
            {
                // A corpus config this host cannot take (e.g. its cgroup view) is no seed here.
            }
        }
        Directory.Delete(bundle, recursive: true);
        Assert.NotEmpty(seeds);
        return seeds;
    }

    internal static void Check(byte[] bytes)
    {
        // As the transport delivers it: the header's length is what arrived, so the fields are what is tested.
        if (bytes.Length >= 8) BitConverter.TryWriteBytes(bytes.AsSpan(4), bytes.Length);
        ContainerSetup setup;
        try
        {
            setup = SetupCodec.Decode(bytes);
        }
        catch (SysException e)
        {
            Assert.StartsWith("handoff: ", e.Error.ToString(), StringComparison.Ordinal);
            return;
        }
        Assert.Equal(bytes, SetupCodec.Encode(setup));
    }
}
