using Builder.Cache;

namespace Builder.Registry;

/// <summary>
/// The builder's registry and cache verbs:
/// <c>pull REF</c>, <c>push DIR|TAR REF</c>, <c>cache ls</c>, <c>cache rm REF|DIGEST</c>, <c>cache prune</c>,
/// <c>cache import DIR|TAR REF</c>. The cache is <see cref="ImageCache.DefaultRoot"/>; credentials come
/// from <see cref="RegistryCredentials.DefaultPath"/>.
/// </summary>
internal static class RegistryCommands
{
    public const string Usage = "usage: builder pull REF | push DIR|TAR REF | cache ls | cache rm REF|DIGEST | cache prune | cache import DIR|TAR REF";

    public static bool Handles(string verb) => verb is "pull" or "push" or "cache";

    public static int Run(string[] args, RegistryMirrors? mirrors = null)
    {
        var cache = ImageCache.OpenDefault();
        var commands = new CacheCommands(cache, Console.Out);
        switch (args)
        {
            case ["pull", var reference]:
                using (var registry = new Images.RegistryImages(cache, Credentials(), refresh: true, mirrors))
                    Console.WriteLine($"{ImageName.Parse(reference)}: {registry.Pull(ImageName.Parse(reference))}");
                return 0;
            case ["push", var source, var reference]:
                return WithLayout(source, layout =>
                {
                    using var http = RegistryHttp.Create();
                    var name = ImageName.Parse(reference);
                    Console.WriteLine($"{name}: {new ImagePusher(Credentials(), http).Push(layout, name)}");
                });
            case ["cache", "ls"]:
                commands.List();
                return 0;
            case ["cache", "rm", var what]:
                commands.Remove(what);
                return 0;
            case ["cache", "prune"]:
                commands.Prune();
                return 0;
            case ["cache", "import", var source, var reference]:
                return WithLayout(source, layout => commands.Import(layout, ImageName.Parse(reference)));
            default:
                throw new BuildFailure(Usage);
        }
    }

    private static RegistryCredentials Credentials() => RegistryCredentials.Load(RegistryCredentials.DefaultPath);

    /// <summary>Runs an action on a layout directory or an unpacked archive, removing the unpacked copy after.</summary>
    private static int WithLayout(string source, Action<LayoutContent> action)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"builder-layout-{Environment.ProcessId}");
        try
        {
            action(LayoutContent.Open(source, temp));
            return 0;
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }
}
