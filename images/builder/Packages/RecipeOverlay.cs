using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// A recipe's own files (<c>images/pkg/NAME/rootfs/</c>) laid over the packages, owned by root, with
/// modes as git checks them out: 0755 for executables and directories, 0644 otherwise, so the result
/// does not depend on the builder's umask. Symlinks are kept as links.
/// </summary>
internal static class RecipeOverlay
{
    public static void Apply(FsTree tree, string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var entry in Entries(directory))
        {
            var relative = Path.GetRelativePath(directory, entry.FullName).Replace('\\', '/');
            if (entry.LinkTarget is { } target) tree.Put(relative, FsNode.Symlink(target));
            else if (entry is DirectoryInfo) tree.EnsureDirectory(relative).Mode = 0x1ED;
            else tree.Put(relative, FsNode.File(new HostFileContent(entry.FullName), IsExecutable(entry) ? 0x1EDu : 0x1A4u));
        }
    }

    /// <summary>Every entry, parents before children, in ordinal order (the tree sorts anyway; this keeps errors stable).</summary>
    private static IEnumerable<FileSystemInfo> Entries(string directory) =>
        new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .OrderBy(e => e.FullName, StringComparer.Ordinal);

    private static bool IsExecutable(FileSystemInfo file) => (file.UnixFileMode & UnixFileMode.UserExecute) != 0;

    /// <summary>The overlay's paths, modes and contents, for the build key.</summary>
    public static IEnumerable<string> Fingerprint(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var entry in Entries(directory))
        {
            var relative = Path.GetRelativePath(directory, entry.FullName);
            if (entry.LinkTarget is { } target) yield return $"link {relative} {target}";
            else if (entry is DirectoryInfo) yield return $"dir {relative}";
            else
            {
                using var f = File.OpenRead(entry.FullName);
                yield return $"file {relative} {IsExecutable(entry)} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f))}";
            }
        }
    }
}
