namespace Builder.Packages;

/// <summary>A <c>users:</c> or <c>groups:</c> entry: one line of /etc/passwd or /etc/group.</summary>
internal sealed class AccountEntry
{
    public string Name { get; set; } = "";
    public uint Id { get; set; }
    public uint Gid { get; set; }
    public string Home { get; set; } = "/nonexistent";
    public string Shell { get; set; } = "/usr/sbin/nologin";
    public string Gecos { get; set; } = "";
    public List<string> Members { get; set; } = [];

    public string PasswdLine => $"{Name}:x:{Id}:{Gid}:{Gecos}:{Home}:{Shell}";

    public string GroupLine => $"{Name}:x:{Id}:{string.Join(',', Members)}";
}
