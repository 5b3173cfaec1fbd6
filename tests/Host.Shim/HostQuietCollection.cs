namespace Tests.HostShim;

/// <summary>Tests that count the host's mounts, zombies and /run/containers entries before and after
/// run alone, so another test's container cannot show up in their counts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostQuietCollection
{
    public const string Name = "host-quiet";
}
