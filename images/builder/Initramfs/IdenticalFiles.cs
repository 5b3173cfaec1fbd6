using System.Security.Cryptography;
using Builder.Tree;

namespace Builder.Initramfs;

/// <summary>
/// Makes regular files with the same content, mode and owner in the bundles' root filesystems one node,
/// so the cpio stores them once as hard links: libc, libssl and libcrypto of an nginx bundle and a
/// redis bundle cost their bytes once in the initramfs and in the RAM it is unpacked into (init keeps
/// running on it, links intact). Bundles of one image already share their files
/// (<see cref="FsNode.CloneSharingFiles"/>); this goes across images. Only files whose size, mode and
/// owner match another's are hashed. Only bundle rootfs trees take part: nothing writes them in place
/// (the shim puts an overlay on each), whereas the rest of the root (files:, volumes a container may
/// bind writable) can be written, and a write through one name would change every name.
/// </summary>
internal static class IdenticalFiles
{
    /// <summary>Merges the duplicates under <paramref name="root"/>; returns the bytes no longer stored twice.</summary>
    public static long Merge(FsNode root)
    {
        var places = new List<(FsNode Dir, string Name, FsNode File)>();
        var seen = new HashSet<FsNode>(ReferenceEqualityComparer.Instance);
        foreach (var rootfs in BundleRoots(root)) Collect(rootfs, places, seen);
        long saved = 0;
        var candidates = places.Select(p => p.File).Distinct(ReferenceEqualityComparer.Instance).Cast<FsNode>()
            .Where(f => f.Content!.Length > 0)
            .GroupBy(f => (f.Content!.Length, f.Mode, f.Uid, f.Gid))
            .Where(g => g.Count() > 1);
        var canonical = new Dictionary<FsNode, FsNode>(ReferenceEqualityComparer.Instance);
        foreach (var group in candidates)
        {
            var byHash = new Dictionary<string, FsNode>(StringComparer.Ordinal);
            foreach (var file in group)
            {
                var hash = Hash(file.Content!);
                if (byHash.TryGetValue(hash, out var first))
                {
                    canonical[file] = first;
                    saved += file.Content!.Length;
                }
                else byHash[hash] = file;
            }
        }
        foreach (var (dir, name, file) in places)
            if (canonical.TryGetValue(file, out var first)) dir.Children![name] = first;
        return saved;
    }

    /// <summary>containers/{onboot,services,onshutdown}/BUNDLE/rootfs, as Assembly/RootAssembler lays them out.</summary>
    private static IEnumerable<FsNode> BundleRoots(FsNode root)
    {
        if (root.Children!.GetValueOrDefault(Oci.ImagePaths.InRoot(Oci.ImagePaths.Containers)) is not { IsDirectory: true } containers) yield break;
        foreach (var kind in Oci.ImagePaths.Kinds)
        {
            if (containers.Children!.GetValueOrDefault(kind) is not { IsDirectory: true } bundles) continue;
            foreach (var bundle in bundles.Children!.Values)
                if (bundle.IsDirectory && bundle.Children!.GetValueOrDefault("rootfs") is { IsDirectory: true } rootfs)
                    yield return rootfs;
        }
    }

    private static void Collect(FsNode dir, List<(FsNode, string, FsNode)> places, HashSet<FsNode> seenDirs)
    {
        if (!seenDirs.Add(dir)) return;
        foreach (var (name, node) in dir.Children!)
        {
            if (node.Kind == NodeKind.File) places.Add((dir, name, node));
            else if (node.IsDirectory) Collect(node, places, seenDirs);
        }
    }

    private static string Hash(FileContent content)
    {
        using var data = content.OpenRead();
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }
}
