using Oci;
using Pid1.Supervision;

namespace Tests.UnitInit;

public sealed class RestartBudgetTests
{
    private static readonly InitPolicy Defaults = new();

    /// <summary>A service that dies at once: delays 1, 2, 4, 8, 16 s, then the burst limit (5 in 60 s).</summary>
    [Fact]
    public void CrashLoopBacksOffDoublingThenGivesUp()
    {
        var budget = new RestartBudget(Defaults);
        var now = 0L;
        var delays = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            budget.Started(now);
            Assert.Equal(ExitPlan.Restart, budget.Plan(success: false, now + 10));
            delays.Add(budget.DelayMs);
            now += 10 + budget.DelayMs;
        }
        Assert.Equal([1000, 2000, 4000, 8000, 16000], delays);
        budget.Started(now);
        Assert.Equal(ExitPlan.GiveUp, budget.Plan(success: false, now + 10));
        Assert.Equal(5, budget.Restarts);
    }

    [Fact]
    public void DelayIsCappedAtTheMaximum()
    {
        var budget = new RestartBudget(Defaults with { RestartDelayMs = 500, RestartMaxDelayMs = 1500, RestartLimit = 100 });
        var delays = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            budget.Started(i * 100);
            budget.Plan(false, i * 100 + 1);
            delays.Add(budget.DelayMs);
        }
        Assert.Equal([500, 1000, 1500, 1500, 1500], delays);
    }

    [Fact]
    public void AStableRunResetsTheDelay()
    {
        var budget = new RestartBudget(Defaults);
        budget.Started(0);
        budget.Plan(false, 1);
        budget.Started(1001);
        budget.Plan(false, 1002);
        Assert.Equal(2000, budget.DelayMs);
        budget.Started(3002);
        budget.Plan(false, 3002 + RestartBudget.StableMs);
        Assert.Equal(1000, budget.DelayMs);
    }

    [Fact]
    public void RestartsOutsideTheWindowDoNotCount()
    {
        var budget = new RestartBudget(Defaults with { RestartLimit = 2, RestartWindowMs = 1000 });
        Assert.Equal(ExitPlan.Restart, budget.Plan(false, 0));
        Assert.Equal(ExitPlan.Restart, budget.Plan(false, 500));
        Assert.Equal(ExitPlan.GiveUp, budget.Plan(false, 900));
        Assert.Equal(ExitPlan.Restart, budget.Plan(false, 1600));
    }

    [Theory]
    [InlineData(InitPolicyRestart.Always, true, ExitPlan.Restart)]
    [InlineData(InitPolicyRestart.Always, false, ExitPlan.Restart)]
    [InlineData(InitPolicyRestart.OnFailure, true, ExitPlan.Stay)]
    [InlineData(InitPolicyRestart.OnFailure, false, ExitPlan.Restart)]
    [InlineData(InitPolicyRestart.Never, true, ExitPlan.Stay)]
    [InlineData(InitPolicyRestart.Never, false, ExitPlan.Stay)]
    internal void PolicyDecidesWhetherToRestart(InitPolicyRestart restart, bool success, ExitPlan expected) =>
        Assert.Equal(expected, new RestartBudget(Defaults with { Restart = restart }).Plan(success, 0));

    [Fact]
    public void ResetGivesAFailedServiceAFreshBudget()
    {
        var budget = new RestartBudget(Defaults with { RestartLimit = 1 });
        budget.Plan(false, 0);
        Assert.Equal(ExitPlan.GiveUp, budget.Plan(false, 1));
        budget.Reset();
        Assert.Equal(ExitPlan.Restart, budget.Plan(false, 2));
        Assert.Equal(1000, budget.DelayMs);
    }

    [Fact]
    public void PolicyRoundTripsThroughTheConfigAnnotation()
    {
        var policy = Defaults with { Restart = InitPolicyRestart.Never, After = ["a", "b"], StopSignal = 2, TimeoutMs = 1500, OnFailure = InitPolicyOnFailure.Shell, Readiness = InitPolicyReadiness.Fd };
        var value = System.Text.Json.JsonSerializer.Serialize(InitPolicyJson.Serialize(policy));
        var config = "{\"ociVersion\":\"1.0.2\",\"annotations\":{\"" + InitPolicyJson.Annotation + "\":" + value + "}}";
        var read = InitPolicyJson.FromConfig(System.Text.Encoding.UTF8.GetBytes(config));
        Assert.Equal(InitPolicyJson.Serialize(policy), InitPolicyJson.Serialize(read));
        Assert.Equal(InitPolicyJson.Serialize(Defaults), InitPolicyJson.Serialize(InitPolicyJson.FromConfig("{}"u8)));
    }
}
