using Metadata;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// metadata [PROVIDER...]: LinuxKit's metadata package (README.md, images/pkg/metadata): the first
// provider that has data writes /run/config and sets the hostname. Every provider that found nothing says
// why on one line; none found is not a failure (exit 0: the boot goes on without userdata). Only a bad
// command line exits non-zero (2), naming the argument.
var (names, error) = ProviderList.Parse(args);
if (error is not null)
{
    Console.Error.WriteLine($"metadata: {error}");
    return 2;
}
void Say(string line) => Console.WriteLine("metadata: " + line);
var writer = new ConfigWriter(ConfigWriter.DefaultRoot, Say);
foreach (var name in names)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var outcome = ProviderList.Create(name, ProviderList.RequestTimeout).Fetch();
    if (outcome.Data is null)
    {
        Say($"{name}: nothing: {outcome.Failure} ({clock.Elapsed.TotalSeconds:0.0} s)");
        continue;
    }
    foreach (var skipped in outcome.Data.Skipped) Say($"{name}: passed over {skipped}");
    try
    {
        writer.Write(name, outcome.Data);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Say($"{name}: {Linux.SysError.Of($"write {ConfigWriter.DefaultRoot}", e)}");
        return 1;
    }
    if (writer.SetHostname() is { } failed) Say(failed.ToString());
    return 0;
}
Say($"no metadata from {string.Join(", ", names)}: {ConfigWriter.DefaultRoot} has no userdata");
return 0;
