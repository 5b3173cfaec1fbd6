namespace Shim.Cgroups.Model;

/// <summary>One <c>hugepageLimits[]</c> entry: <c>pageSize</c> as the kernel names it ("2MB", "1GB").</summary>
internal sealed record HugepageLimit
{
    public string PageSize { get; init; } = "";
    public ulong Limit { get; init; }
}
