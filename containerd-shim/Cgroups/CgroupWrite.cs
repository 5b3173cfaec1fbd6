namespace Shim.Cgroups;

/// <summary>
/// One value for one file of the container's cgroup, with the bundle field it comes from (named in
/// every error). <paramref name="Otherwise"/> is written instead when <paramref name="File"/> does not
/// exist (io.bfq.weight on a kernel without BFQ falls back to io.weight).
/// </summary>
internal sealed record CgroupWrite(string Field, string File, string Value, CgroupWrite? Otherwise = null)
{
    /// <summary>Left out, not an error, when the file does not exist (v1's kernel memory files).</summary>
    public bool Optional { get; init; }

    /// <summary>The controller that owns the file (<c>memory</c> for memory.max); null for cgroup.* files.</summary>
    public string? Controller => File.IndexOf('.') is > 0 and var dot && File[..dot] != "cgroup" ? File[..dot] : null;
}
