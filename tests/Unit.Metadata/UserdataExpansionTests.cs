using System.Text;
using Metadata;

namespace Tests.UnitMetadata;

public sealed class UserdataExpansionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cinit-userdata-").FullName;
    private readonly List<string> _said = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private bool Expand(string json) => UserdataExpansion.Expand(Encoding.UTF8.GetBytes(json), _root, _said.Add);

    private UnixFileMode Mode(string relative) => File.GetUnixFileMode(Path.Combine(_root, relative)) & (UnixFileMode)0xFFF;

    [Fact]
    public void NestedEntriesBecomeFilesAndDirectoriesWithTheirModes()
    {
        Assert.True(Expand("""
            {"redis": {"entries": {"redis.conf": {"content": "maxmemory 1mb\n"},
                                   "secret": {"perm": "0600", "content": "pw"},
                                   "sub": {"perm": "0700", "entries": {"deep": {"content": "x"}}}}},
             "hostname": {"content": "box"}, "empty": {}}
            """));
        Assert.Equal("maxmemory 1mb\n", File.ReadAllText(Path.Combine(_root, "redis", "redis.conf")));
        Assert.Equal((UnixFileMode)0x1ED, Mode("redis"));
        Assert.Equal((UnixFileMode)0x1A4, Mode("redis/redis.conf"));
        Assert.Equal((UnixFileMode)0x180, Mode("redis/secret"));
        Assert.Equal((UnixFileMode)0x1C0, Mode("redis/sub"));
        Assert.Equal("x", File.ReadAllText(Path.Combine(_root, "redis", "sub", "deep")));
        Assert.Equal("box", File.ReadAllText(Path.Combine(_root, "hostname")));
        Assert.Equal("", File.ReadAllText(Path.Combine(_root, "empty")));
        Assert.Contains(_said, l => l.Contains("expanded into 7 files and directories"));
    }

    [Theory]
    [InlineData("..", "name \"..\" refused")]
    [InlineData(".", "name \".\" refused")]
    [InlineData("a/b", "contains \"/\"")]
    [InlineData("/", "contains \"/\"")]
    [InlineData("", "empty name refused")]
    public void NamesThatLeaveTheDirectoryAreRefusedAndTheRestWritten(string name, string why)
    {
        Assert.True(Expand("{\"" + name + "\": {\"content\": \"evil\"}, \"good\": {\"content\": \"ok\"}}"));
        Assert.Equal("ok", File.ReadAllText(Path.Combine(_root, "good")));
        Assert.Single(Directory.GetFileSystemEntries(_root));
        Assert.Contains(_said, l => l.Contains($"entry \"{name}\"") && l.Contains(why) && l.EndsWith("skipped"));
    }

    [Fact]
    public void ARefusedNameInsideADirectoryIsNamedByItsPath()
    {
        Expand("""{"d": {"entries": {"..": {"content": "x"}}}}""");
        Assert.Contains(_said, l => l.Contains("entry \"d/..\""));
        Assert.False(File.Exists(Path.Combine(_root, "x")));
    }

    [Theory]
    [InlineData("""{"f": {"perm": "0999", "content": ""}}""", "perm \"0999\": expected an octal mode")]
    [InlineData("""{"f": {"perm": 420, "content": ""}}""", "perm: expected an octal string")]
    [InlineData("""{"f": {"perm": "12345"}}""", "perm \"12345\"")]
    [InlineData("""{"f": {"content": 5}}""", "content: expected a string, found a number")]
    [InlineData("""{"f": {"entries": []}}""", "entries: expected an object, found an array")]
    [InlineData("""{"f": {"content": "", "entries": {}}}""", "both content and entries")]
    [InlineData("""{"f": {"contents": "x"}}""", "unknown key \"contents\"")]
    [InlineData("""{"f": "text"}""", "expected an object with content or entries, found a string")]
    public void BadEntriesAreSkippedWithTheFieldNamed(string json, string why)
    {
        Assert.True(Expand(json));
        Assert.False(File.Exists(Path.Combine(_root, "f")));
        Assert.Contains(_said, l => l.StartsWith("userdata: entry \"f\": ") && l.Contains(why));
    }

    [Fact]
    public void MalformedJsonWritesNothingAndSaysWhere()
    {
        Assert.False(Expand("{\"a\": {\"content\": \"x\"},\n \"b\": }"));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        var line = Assert.Single(_said);
        Assert.StartsWith("userdata is not valid JSON (line 2, byte 7", line);
        Assert.EndsWith("kept as userdata only, nothing expanded", line);
    }

    [Theory]
    [InlineData("#!/bin/sh\necho hi\n")]
    [InlineData("[1, 2]")]
    [InlineData("")]
    public void UserdataThatIsNoJsonObjectIsLeftAlone(string text)
    {
        Assert.False(Expand(text));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        Assert.Equal("userdata is not a JSON object: kept as userdata only, nothing expanded", Assert.Single(_said));
    }

    [Fact]
    public void ConfigWriterWritesTheProviderKeysAndUserdata()
    {
        var found = new Found { Hostname = "node-1\n", Userdata = Encoding.UTF8.GetBytes("""{"app": {"content": "v"}}""") };
        found.SshKeys.Add("ssh-ed25519 AAAA one");
        found.Files["local-ipv4"] = "10.0.0.5";
        new ConfigWriter(_root, _said.Add).Write("aws", found);
        Assert.Equal("aws\n", File.ReadAllText(Path.Combine(_root, "provider")));
        Assert.Equal("node-1\n", File.ReadAllText(Path.Combine(_root, "hostname")));
        Assert.Equal("10.0.0.5\n", File.ReadAllText(Path.Combine(_root, "local-ipv4")));
        Assert.Equal("ssh-ed25519 AAAA one\n", File.ReadAllText(Path.Combine(_root, "ssh", "authorized_keys")));
        Assert.Equal((UnixFileMode)0x180, Mode("ssh/authorized_keys"));
        Assert.Equal("v", File.ReadAllText(Path.Combine(_root, "app")));
        Assert.Equal("""{"app": {"content": "v"}}""", File.ReadAllText(Path.Combine(_root, "userdata")));
    }

    [Theory]
    [InlineData("0644", 0x1A4)]
    [InlineData("755", 0x1ED)]
    [InlineData("4755", 0x9ED)]
    [InlineData("8", -1)]
    [InlineData("", -1)]
    [InlineData("-1", -1)]
    public void PermIsOctal(string text, int mode) => Assert.Equal(mode, UserdataExpansion.Octal(text));
}
