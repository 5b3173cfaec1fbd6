using System.Text.Json;
using Oci;
using Pid1.Supervision;

namespace Tests.UnitInit;

/// <summary>restart, readiness and onFailure: one name table, read by the builder from YAML and by init from
/// the policy JSON; every value has one name, and a name outside the set names the field and what it allows.</summary>
public sealed class InitPolicyChoicesTests
{
    [Fact]
    public void EveryValueHasOneNameThatParsesBack()
    {
        RoundTrips(InitPolicyChoices.Restart);
        RoundTrips(InitPolicyChoices.Readiness);
        RoundTrips(InitPolicyChoices.OnFailure);
    }

    [Theory]
    [InlineData("restart", "always, on-failure, never")]
    [InlineData("readiness", "none, fd")]
    [InlineData("onFailure", "continue, poweroff, shell")]
    public void TheTablesSpellWhatTheYamlDocumentsAndTheDefaultsComeFirst(string field, string allowed)
    {
        var choice = new (string Field, string Allowed)[]
        {
            (InitPolicyChoices.Restart.Field, InitPolicyChoices.Restart.Allowed),
            (InitPolicyChoices.Readiness.Field, InitPolicyChoices.Readiness.Allowed),
            (InitPolicyChoices.OnFailure.Field, InitPolicyChoices.OnFailure.Allowed),
        }.Single(c => c.Field == field);
        Assert.Equal(allowed, choice.Allowed);
        var defaults = new InitPolicy();
        Assert.Equal(allowed.Split(", ")[0], field switch
        {
            "restart" => InitPolicyChoices.Restart.Name(defaults.Restart),
            "readiness" => InitPolicyChoices.Readiness.Name(defaults.Readiness),
            _ => InitPolicyChoices.OnFailure.Name(defaults.OnFailure),
        });
    }

    [Theory]
    [InlineData("{\"restart\":\"on-failure\",\"readiness\":\"fd\",\"onFailure\":\"shell\"}", InitPolicyRestart.OnFailure, InitPolicyReadiness.Fd, InitPolicyOnFailure.Shell)]
    [InlineData("{\"restart\":\"never\",\"onFailure\":\"poweroff\"}", InitPolicyRestart.Never, InitPolicyReadiness.None, InitPolicyOnFailure.Poweroff)]
    [InlineData("{}", InitPolicyRestart.Always, InitPolicyReadiness.None, InitPolicyOnFailure.Continue)]
    public void ThePolicyJsonSpellsThemAsTheYaml(string json, InitPolicyRestart restart, InitPolicyReadiness readiness, InitPolicyOnFailure onFailure)
    {
        var policy = InitPolicyJson.Parse(json);
        Assert.Equal((restart, readiness, onFailure), (policy.Restart, policy.Readiness, policy.OnFailure));
        Assert.Equal(policy, InitPolicyJson.Parse(InitPolicyJson.Serialize(policy)) with { After = policy.After });
    }

    [Theory]
    [InlineData("{\"restart\":\"sometimes\"}", "restart: expected one of always, on-failure, never, found \"sometimes\" (at $.restart)")]
    [InlineData("{\"readiness\":\"Fd\"}", "readiness: expected one of none, fd, found \"Fd\" (at $.readiness)")]
    [InlineData("{\"onFailure\":1}", "onFailure: expected one of continue, poweroff, shell, found \"Number\" (at $.onFailure)")]
    [InlineData("{\"restart\":", "not valid JSON at $.restart (line 1)")]
    public void ABadNameNamesTheFieldAndTheAllowedNames(string json, string expected)
    {
        var e = Assert.ThrowsAny<JsonException>(() => InitPolicyJson.Parse(json));
        Assert.Equal(expected, InitPolicyJson.Describe(e));
    }

    [Fact]
    public void InitReportsABadPolicyAndGoesOnWithDefaults()
    {
        var root = Directory.CreateTempSubdirectory("bundles").FullName;
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "services", "web")).FullName;
            var policy = JsonSerializer.Serialize("{\"restart\":\"sometimes\"}");
            File.WriteAllText(Path.Combine(dir, "config.json"), "{\"annotations\":{\"" + InitPolicyJson.Annotation + "\":" + policy + "}}");
            var read = ContainerBundle.Discover("services", root)[0].LoadPolicy(out var problem);
            Assert.Equal(new InitPolicy().Restart, read.Restart);
            Assert.Equal($"read policy from {dir}/config.json: restart: expected one of always, on-failure, never, found \"sometimes\" (at $.restart)", problem?.ToString());
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static void RoundTrips<T>(InitPolicyChoice<T> choice) where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>().Length, choice.Names.Distinct().Count());
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(choice.TryParse(choice.Name(value), out var back));
            Assert.Equal(value, back);
        }
        Assert.False(choice.TryParse("", out _));
        Assert.False(choice.TryParse(null, out _));
    }
}
