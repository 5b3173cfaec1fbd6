using Oci;
using Pid1.Supervision;

namespace Tests.UnitInit;

/// <summary>Shutdown order: <c>after</c> in reverse, one level at a time.</summary>
public sealed class StopLevelsTests
{
    private static Service S(string name, params string[] after) =>
        new(new ContainerBundle("services", "/containers/services/" + name, name), new InitPolicy { After = [.. after] });

    private static string Order(params Service[] services) =>
        string.Join(" | ", StopLevels.Of(services).Select(l => string.Join(",", l.Select(s => s.Name))));

    [Fact]
    public void Services_without_after_stop_together() => Assert.Equal("a,b,c", Order(S("a"), S("b"), S("c")));

    [Fact]
    public void Dependents_stop_before_what_they_need() =>
        Assert.Equal("web | app | db,cache", Order(S("db"), S("cache"), S("app", "db"), S("web", "app", "cache")));

    [Fact]
    public void A_level_is_one_more_than_the_deepest_need() =>
        Assert.Equal("c | b | a,d", Order(S("a"), S("b", "a"), S("c", "b", "d"), S("d")));

    [Fact]
    public void An_unknown_name_counts_for_nothing() => Assert.Equal("a,b", Order(S("a", "nope"), S("b")));

    [Fact]
    public void A_cycle_still_stops_everything()
    {
        var levels = StopLevels.Of([S("a", "b"), S("b", "a"), S("c", "c")]);
        Assert.Equal(["a", "b", "c"], levels.SelectMany(l => l).Select(s => s.Name).Order());
    }
}
