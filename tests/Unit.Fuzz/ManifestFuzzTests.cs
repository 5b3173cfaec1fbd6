using Builder;
using Builder.Cache;
using Builder.Images;
using Builder.Registry;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>What a registry or an OCI layout sends: manifests, indexes and image configs. Each is read or
/// refused with a <see cref="BuildFailure"/>; a digest it names never leads out of the cache's blob directory.</summary>
public sealed class ManifestFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Tokens =
    [
        "null", "true", "0", "-1", "1e400", "18446744073709551616", "\"\"", "[]", "{}", "\"\\u0000\"", ",", ":",
        "\"digest\":", "\"sha256:../../../../etc/passwd\"", "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"",
        "\"size\":", "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}", "\"manifests\":[", "\"layers\":[", "\"config\":",
        "\"Cmd\":[1]", "\"Env\":[null]", "\"Labels\":{\"a\":1}", "\"User\":", "\"WorkingDir\":",
    ];

    private readonly string _cacheDir = Directory.CreateTempSubdirectory("fuzz-cache-").FullName;

    [Fact]
    public void Manifests_indexes_and_configs_are_read_or_refused()
    {
        var gen = ByteMutator.From(FuzzRun.Corpus("manifest"), Tokens);
        FuzzRun.Run(gen, Check, FuzzRun.Base64, output);
    }

    internal void Check(byte[] bytes)
    {
        var cache = new ImageCache(_cacheDir);
        try
        {
            var doc = RegistryJson.ParseManifest(bytes, "manifest");
            if (doc.IsIndex) PlatformChoice.Find(doc.Manifests!);
            foreach (var blob in doc.Blobs().Concat(doc.Manifests ?? []))
            {
                var path = Path.GetFullPath(cache.BlobPath(blob.Digest));
                Assert.StartsWith(Path.GetFullPath(_cacheDir) + "/", path, StringComparison.Ordinal);
            }
        }
        catch (BuildFailure)
        {
        }
        try
        {
            ImageConfig.Parse(new MemoryStream(bytes));
        }
        catch (BuildFailure)
        {
        }
    }

    public void Dispose() => Directory.Delete(_cacheDir, recursive: true);
}
