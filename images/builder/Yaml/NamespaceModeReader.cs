namespace Builder.Yaml;

internal static class NamespaceModeReader
{
    public static NamespaceMode Read(YamlCursor c) => c.String() switch
    {
        "host" => NamespaceMode.Host,
        "new" => NamespaceMode.New,
        var v => throw c.Fail($"expected \"host\" or \"new\", found \"{v}\""),
    };
}
