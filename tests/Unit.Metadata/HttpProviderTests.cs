using System.Diagnostics;
using System.Net;
using System.Text;
using Metadata;
using Metadata.Providers;
using Tests.Common;

namespace Tests.UnitMetadata;

/// <summary>The HTTP providers against <see cref="MetadataServer"/> on loopback: what they fetch, and how they fail.</summary>
public sealed class HttpProviderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static MetadataHttp Http(int port) => new(IPAddress.Loopback, port, Timeout);

    [Fact]
    public void AwsFetchesHostnameFactsKeyAndUserdata()
    {
        using var server = new MetadataServer(new Dictionary<string, string>
        {
            ["/latest/meta-data/hostname"] = "ip-10-0-0-5.ec2.internal\n",
            ["/latest/meta-data/instance-id"] = "i-0123",
            ["/latest/meta-data/local-ipv4"] = "10.0.0.5",
            ["/latest/meta-data/public-keys/0/openssh-key"] = "ssh-ed25519 AAAA me@host\n",
            ["/latest/user-data"] = "{\"a\": {\"content\": \"b\"}}",
        });
        var outcome = new AwsProvider(Http(server.Port)).Fetch();
        var found = Assert.IsType<Found>(outcome.Data);
        Assert.Equal("ip-10-0-0-5.ec2.internal", found.Hostname);
        Assert.Equal("i-0123", found.Files["instance-id"]);
        Assert.Equal("10.0.0.5", found.Files["local-ipv4"]);
        Assert.False(found.Files.ContainsKey("public-ipv4")); // 404: not there, not a failure
        Assert.Equal(["ssh-ed25519 AAAA me@host"], found.SshKeys);
        Assert.Equal("{\"a\": {\"content\": \"b\"}}", Encoding.UTF8.GetString(found.Userdata!));
    }

    [Fact]
    public void AwsWithoutItsPathsSaysWhichAndTheStatus()
    {
        using var server = new MetadataServer(new Dictionary<string, string>());
        var outcome = new AwsProvider(Http(server.Port)).Fetch();
        Assert.Null(outcome.Data);
        Assert.Equal($"GET http://127.0.0.1:{server.Port}/latest/meta-data/hostname: HTTP 404", outcome.Failure);
    }

    [Fact]
    public void AServiceThatNeverAnswersFailsWithinTheTimeout()
    {
        using var server = new MetadataServer(new Dictionary<string, string>(), silent: true);
        var clock = Stopwatch.StartNew();
        var outcome = new AwsProvider(Http(server.Port)).Fetch();
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 3);
        Assert.EndsWith("/latest/meta-data/hostname: no answer within 1 s", outcome.Failure);
    }

    [Fact]
    public void AllRequestsOfAProviderShareOneBudget()
    {
        using var server = new MetadataServer(new Dictionary<string, string>(), silent: true);
        var http = new MetadataHttp(IPAddress.Loopback, server.Port, Timeout, TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.EndsWith("/a: no answer within 0.3 s", http.Get("/a", "h").Failure);
        Assert.EndsWith("/b: not tried: the provider's 0.3 s are used up", http.Get("/b", "h").Failure);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.2, 1);
    }

    [Fact]
    public void NothingListeningIsConnectionRefused()
    {
        int port;
        using (var server = new MetadataServer(new Dictionary<string, string>())) port = server.Port;
        var outcome = new GcpProvider(Http(port)).Fetch();
        Assert.Equal($"GET http://127.0.0.1:{port}/computeMetadata/v1/instance/hostname: connection refused", outcome.Failure);
    }

    [Fact]
    public void GcpSendsTheFlavorHeaderAndReadsKeysOfProjectAndInstance()
    {
        using var server = new MetadataServer(new Dictionary<string, string>
        {
            ["/computeMetadata/v1/instance/hostname"] = "vm-1.c.proj.internal",
            ["/computeMetadata/v1/instance/attributes/user-data"] = "hello",
            ["/computeMetadata/v1/project/attributes/ssh-keys"] = "alice:ssh-ed25519 AAAA alice\nbob:ssh-rsa BBBB bob\n",
            ["/computeMetadata/v1/instance/attributes/ssh-keys"] = "carol:ssh-ed25519 CCCC carol",
        });
        var found = Assert.IsType<Found>(new GcpProvider(Http(server.Port)).Fetch().Data);
        Assert.Equal("vm-1.c.proj.internal", found.Hostname);
        Assert.Equal("hello", Encoding.UTF8.GetString(found.Userdata!));
        Assert.Equal(["ssh-ed25519 AAAA alice", "ssh-rsa BBBB bob", "ssh-ed25519 CCCC carol"], found.SshKeys);
    }

    [Fact]
    public void AnEc2ServiceIsNotTakenForGcp()
    {
        // The same paths without the Metadata-Flavor answer header: another service on 169.254.169.254.
        using var server = new MetadataServer(new Dictionary<string, string>());
        var outcome = new GcpProvider(Http(server.Port)).Fetch();
        Assert.Equal($"GET http://127.0.0.1:{server.Port}/computeMetadata/v1/instance/hostname: HTTP 404", outcome.Failure);
    }

    [Fact]
    public void OpenStackReadsMetaDataJson()
    {
        using var server = new MetadataServer(new Dictionary<string, string>
        {
            ["/openstack/latest/meta_data.json"] = """{"uuid": "u-1", "hostname": "os-1", "public_keys": {"k": "ssh-ed25519 AAAA k"}}""",
            ["/openstack/latest/user_data"] = "data",
        });
        var found = Assert.IsType<Found>(new OpenStackProvider(Http(server.Port)).Fetch().Data);
        Assert.Equal("os-1", found.Hostname);
        Assert.Equal("u-1", found.Files["instance-id"]);
        Assert.Equal(["ssh-ed25519 AAAA k"], found.SshKeys);
        Assert.Equal("data", Encoding.UTF8.GetString(found.Userdata!));
    }

    [Fact]
    public void OpenStackWithBrokenJsonSaysWhere()
    {
        using var server = new MetadataServer(new Dictionary<string, string> { ["/openstack/latest/meta_data.json"] = "{\"hostname\": " });
        Assert.EndsWith("meta_data.json: not JSON (line 1, byte 14)", new OpenStackProvider(Http(server.Port)).Fetch().Failure);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n", 200, "hello world")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\nuntil the end", 200, "until the end")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nabcdef", 404, "abc")]
    public void AnswersAreDelimitedAsHttpSays(string raw, int status, string body)
    {
        var answer = HttpParse.Answer(Encoding.ASCII.GetBytes(raw));
        Assert.Equal(status, answer.Status);
        Assert.Equal(body, answer.Text);
    }

    [Theory]
    [InlineData("", "connection closed without an answer")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n", "not an HTTP answer: \"SSH-2.0-OpenSSH\"")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "answer cut short: 3 of 10 bytes")]
    public void BrokenAnswersSayWhy(string raw, string why) =>
        Assert.Equal(why, Assert.Throws<InvalidDataException>(() => HttpParse.Answer(Encoding.ASCII.GetBytes(raw))).Message);

    [Fact]
    public void GcpKeyLinesLoseTheirUser() =>
        Assert.Equal(["ssh-ed25519 AAAA a", "ssh-rsa BBBB"], GcpProvider.SshKeys("a:ssh-ed25519 AAAA a\n\n ssh-rsa BBBB \n").ToList());
}
