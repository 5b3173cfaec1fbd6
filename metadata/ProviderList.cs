namespace Metadata;

/// <summary>
/// The command line: <c>metadata [PROVIDER...]</c>, providers tried in the order given until one finds
/// data; none given: <see cref="DefaultOrder"/>. An unknown name is an error naming it (exit 2), so a
/// typo in an image's YAML shows at the first boot instead of silently skipping that provider.
/// </summary>
internal static class ProviderList
{
    public static readonly string[] Known = ["aws", "gcp", "openstack", "cdrom"];

    /// <summary>The HTTP services first (each gives up within seconds when absent), then the CD.</summary>
    public static readonly string[] DefaultOrder = Known;

    /// <summary>Per HTTP request, connect to last byte: a present metadata service answers in milliseconds.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The provider names to try, or an error message.</summary>
    public static (IReadOnlyList<string> Names, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return (DefaultOrder, null);
        var names = new List<string>();
        foreach (var a in args)
        {
            if (a.StartsWith('-'))
                return ([], $"unknown option \"{a}\"; usage: metadata [{string.Join('|', Known)}]...");
            if (!Known.Contains(a))
                return ([], $"unknown provider \"{a}\" (known: {string.Join(", ", Known)})");
            if (!names.Contains(a)) names.Add(a);
        }
        return (names, null);
    }

    public static IProvider Create(string name, TimeSpan requestTimeout) => name switch
    {
        "aws" => new Providers.AwsProvider(new Providers.MetadataHttp(Providers.MetadataHttp.LinkLocal, 80, requestTimeout)),
        "gcp" => new Providers.GcpProvider(new Providers.MetadataHttp(Providers.MetadataHttp.LinkLocal, 80, requestTimeout)),
        "openstack" => new Providers.OpenStackProvider(new Providers.MetadataHttp(Providers.MetadataHttp.LinkLocal, 80, requestTimeout)),
        "cdrom" => new Providers.CdromProvider(Providers.CdromProvider.SysBlock, "/dev", Providers.CdromProvider.MountPoint),
        _ => throw new ArgumentException($"unknown provider {name}"),
    };
}
