using System.Net.Http.Headers;

namespace Builder.Registry;

/// <summary>
/// Pushes an OCI image layout to a registry: each blob the registry does not have yet (HEAD) as one
/// monolithic upload (POST, then PUT with its digest), then child manifests by digest, then the top
/// manifest or index under the tag. The registry checks each digest again on its side.
/// </summary>
internal sealed class ImagePusher(RegistryCredentials credentials, HttpClient http)
{
    public string Push(LayoutContent layout, ImageName name)
    {
        try
        {
            return PushAsync(layout, name, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (BuildFailure e)
        {
            throw e.Wrap($"push {name}");
        }
    }

    private async Task<string> PushAsync(LayoutContent layout, ImageName name, CancellationToken ct)
    {
        var client = new RegistryClient(name, credentials, http, push: true);
        foreach (var blob in layout.Blobs)
        {
            if (await client.HasBlobAsync(blob.Digest, ct)) continue;
            var path = layout.PathOf(blob);
            await client.UploadBlobAsync(blob.Digest, () =>
            {
                var content = new StreamContent(File.OpenRead(path));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return content;
            }, ct);
        }
        foreach (var manifest in layout.Manifests)
            await client.PutManifestAsync(manifest.Digest, File.ReadAllBytes(layout.PathOf(manifest)), manifest.MediaType ?? MediaTypes.OciManifest, ct);
        await client.PutManifestAsync(name.Reference, layout.TopBytes, layout.Top.MediaType ?? MediaTypes.OciManifest, ct);
        return layout.Top.Digest;
    }
}
