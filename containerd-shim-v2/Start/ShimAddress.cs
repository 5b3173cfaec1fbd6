using System.Text;

namespace ShimV2.Start;

/// <summary>
/// Where a shim listens: <c>/run/containerd/s/HEX</c>, HEX the SHA-256 of containerd's address, the namespace
/// and the task id joined as a path — containerd 1.6's own formula (runtime/v2/shim SocketAddress), so the
/// name is 81 bytes whatever the id's length and always fits sun_path's 108.
/// </summary>
internal static class ShimAddress
{
    public const string SocketDirectory = "/run/containerd/s";

    public static string SocketPath(string containerdAddress, string ns, string id)
    {
        var joined = JoinClean(containerdAddress, ns, id);
        var hex = Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(joined)));
        return $"{SocketDirectory}/{hex}";
    }

    public static string Uri(string socketPath) => "unix://" + socketPath;

    /// <summary>The socket path in an address containerd reads back (<c>unix:///path</c> or a bare path).</summary>
    public static string PathOf(string address) => address.StartsWith("unix://", StringComparison.Ordinal) ? address["unix://".Length..] : address;

    /// <summary>Go's filepath.Join: the parts joined by '/', then cleaned (repeated and trailing slashes,
    /// '.' and '..' resolved lexically).</summary>
    public static string JoinClean(params string[] parts)
    {
        var joined = string.Join('/', parts.Where(p => p.Length > 0));
        var rooted = joined.StartsWith('/');
        var stack = new List<string>();
        foreach (var part in joined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && stack.Count > 0 && stack[^1] != "..") stack.RemoveAt(stack.Count - 1);
            else if (part != ".." || !rooted) stack.Add(part);
        }
        var clean = string.Join('/', stack);
        return rooted ? "/" + clean : clean.Length == 0 ? "." : clean;
    }
}
