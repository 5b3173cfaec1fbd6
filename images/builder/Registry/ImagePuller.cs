using Builder.Cache;

namespace Builder.Registry;

/// <summary>
/// Pulls one image into the cache: the manifest the reference names, through an index to its
/// linux/amd64 manifest, then every blob not already cached. The reference is recorded only after all
/// of them are in, so a failed pull leaves the cache as it was plus whole, verified blobs. With a mirror
/// for the image's registry the requests go there (<see cref="RegistryMirrors.Rewrite"/>) and the cache
/// records the image under its own name.
/// </summary>
internal sealed class ImagePuller(ImageCache cache, RegistryCredentials credentials, HttpClient http, RegistryMirrors? mirrors = null)
{
    /// <summary>Returns the top-level digest (index or manifest) the reference resolved to.</summary>
    public string Pull(ImageName name)
    {
        try
        {
            return PullAsync(name, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (BuildFailure e)
        {
            var remote = (mirrors ?? RegistryMirrors.None).For(name.Host);
            throw e.Wrap(remote is null ? $"pull {name}" : $"pull {name} from the mirror {remote}");
        }
    }

    private async Task<string> PullAsync(ImageName name, CancellationToken ct)
    {
        var client = new RegistryClient((mirrors ?? RegistryMirrors.None).Rewrite(name), credentials, http);
        var (bytes, mediaType, digest) = await client.GetManifestAsync(name.Reference, ct);
        var doc = RegistryJson.ParseManifest(bytes, $"manifest {name.Reference}");
        var topType = doc.MediaType ?? mediaType;
        await cache.StoreAsync(digest, bytes, ct);
        if (doc.IsIndex)
        {
            var chosen = PlatformChoice.Pick(doc.Manifests!, $"index {digest}");
            var (childBytes, _, childDigest) = await client.GetManifestAsync(chosen.Digest, ct);
            doc = RegistryJson.ParseManifest(childBytes, $"manifest {chosen.Digest}");
            await cache.StoreAsync(childDigest, childBytes, ct);
        }
        if (doc.SchemaVersion != 2 || doc.Config is null)
            throw new BuildFailure($"manifest {name.Reference}: not an OCI or Docker v2 image manifest (schemaVersion {doc.SchemaVersion}, mediaType {topType})");
        foreach (var blob in doc.Blobs())
        {
            if (cache.Has(blob.Digest)) continue;
            using var response = await client.GetBlobAsync(blob.Digest, ct);
            var progress = new PullProgress(PullProgress.Terminal, $"pull {name}: {blob.Digest[..19]}", blob.Size);
            await using var body = new ProgressStream(await response.Content.ReadAsStreamAsync(ct), progress);
            try
            {
                await cache.StoreAsync(blob.Digest, blob.Size, body, ct);
            }
            finally
            {
                progress.Finish();
            }
        }
        cache.Index.Set(name.ToString(), digest, topType, bytes.Length);
        return digest;
    }
}
