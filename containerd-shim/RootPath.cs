using Linux;

namespace Shim;

/// <summary>
/// Resolves a container path (a mount destination) to a host path under the container's root, one
/// component at a time, so that neither <c>..</c> nor a symlink in the image (absolute or relative)
/// can lead outside the root: an absolute link restarts at the root, <c>..</c> stops at it. This is
/// the walk securejoin and crun do; a component that does not exist yet is taken as it is.
/// </summary>
internal static class RootPath
{
    private const int MaxLinks = 255;

    public static string Resolve(string root, string path)
    {
        root = root.TrimEnd('/');
        var resolved = new List<string>();
        var pending = new Stack<string>(Split(path).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "." || part.Length == 0) continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var host = Join(root, resolved, part);
            var target = LinkTarget(host);
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxLinks)
                throw new SysException(new SysError($"resolve {path} in {root}", new Errno(Errno.ELOOP)));
            if (target.StartsWith('/')) resolved.Clear();
            foreach (var p in Split(target).Reverse()) pending.Push(p);
        }
        return Join(root, resolved, null);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string root, List<string> parts, string? last)
    {
        var inner = string.Join('/', last is null ? parts : parts.Append(last));
        return inner.Length == 0 ? (root.Length == 0 ? "/" : root) : root + "/" + inner;
    }

    private static string? LinkTarget(string hostPath)
    {
        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
