namespace Metadata;

/// <summary>What a provider found: every part optional but at least one of them present.</summary>
internal sealed class Found
{
    public string? Hostname { get; set; }

    /// <summary>The userdata as the provider gave it (bytes: it may be a script, JSON or anything).</summary>
    public byte[]? Userdata { get; set; }

    /// <summary>OpenSSH public keys, one per entry, for /run/config/ssh/authorized_keys.</summary>
    public List<string> SshKeys { get; } = [];

    /// <summary>Other values written as /run/config/NAME (instance-id, local-ipv4, ...).</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>What the provider looked at and passed over before it found this (a CD without known files), for the console.</summary>
    public List<string> Skipped { get; } = [];
}

/// <summary>A provider's answer: what it found, or why it found nothing (one console line).</summary>
internal sealed record Outcome(Found? Data, string? Failure)
{
    public static Outcome Of(Found data) => new(data, null);

    public static Outcome Fail(string why) => new(null, why);
}

/// <summary>A source of metadata (LinuxKit's provider): <see cref="Fetch"/> never throws for a missing or broken source.</summary>
internal interface IProvider
{
    string Name { get; }

    Outcome Fetch();
}
