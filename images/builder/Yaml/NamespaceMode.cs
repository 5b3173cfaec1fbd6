namespace Builder.Yaml;

/// <summary>A <c>net</c>/<c>pid</c>/<c>ipc</c>/<c>uts</c> value: share the host's namespace or get a new one.</summary>
internal enum NamespaceMode
{
    New,
    Host,
}

internal static class NamespaceModeReader
{
    public static NamespaceMode Read(YamlCursor c) => c.String() switch
    {
        "host" => NamespaceMode.Host,
        "new" => NamespaceMode.New,
        var v => throw c.Fail($"expected \"host\" or \"new\", found \"{v}\""),
    };
}
