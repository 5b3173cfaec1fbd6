namespace Builder.Yaml;

/// <summary>A <c>net</c>/<c>pid</c>/<c>ipc</c>/<c>uts</c> value: share the host's namespace or get a new one.</summary>
internal enum NamespaceMode
{
    New,
    Host,
}
