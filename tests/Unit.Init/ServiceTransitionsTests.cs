using Pid1.Supervision;
using S = Pid1.Supervision.ServiceState;
using E = Pid1.Supervision.ServiceEvent;

namespace Tests.UnitInit;

/// <summary>
/// Every row of the supervision table. <see cref="Table"/> lists each (state, event) that changes anything,
/// with every variant of the facts it depends on (effects comma-separated, in order); <see cref="Unlisted"/>
/// is every other (state, event), which must change nothing whatever the facts. A new row in the table must
/// be added here on purpose.
/// </summary>
public sealed class ServiceTransitionsTests
{
    /// <summary>Facts, comma-separated: a restart plan (Restart, GiveUp; else Stay), <c>ready</c> (declares
    /// readiness), <c>once</c> (onboot/onshutdown), <c>ok</c> (the run succeeded). Empty: the row ignores them.</summary>
    public static TheoryData<string, string, string, string, string> Table => new()
    {
        // A service with an after list waits; it starts when they are Ready, or when asked to.
        { "Down", "Wait", "", "Waiting", "LogWaiting" },
        { "Waiting", "DependenciesReady", "", "Starting", "Spawn" },
        // An onboot container it is after failed (a disk not mounted): it stays down, with an ERR line.
        { "Waiting", "DependencyFailed", "", "Down", "LogDependencyFailed" },
        { "Waiting", "Start", "", "Starting", "ResetBudget,Spawn" },
        { "Waiting", "RestartRequested", "", "Starting", "ResetBudget,Spawn" },
        { "Waiting", "StopRequested", "", "Down", "" },

        // Starts, at boot or asked for (a manual start forgets the restart budget).
        { "Down", "Start", "", "Starting", "ResetBudget,Spawn" },
        { "Down", "RestartRequested", "", "Starting", "ResetBudget,Spawn" },
        { "Exited", "Start", "", "Starting", "ResetBudget,Spawn" },
        { "Exited", "RestartRequested", "", "Starting", "ResetBudget,Spawn" },
        { "Failed", "Start", "", "Starting", "ResetBudget,Spawn" },
        { "Failed", "RestartRequested", "", "Starting", "ResetBudget,Spawn" },

        { "Starting", "Spawned", "Stay", "Ready", "LogStarted,StartDependents" },
        { "Starting", "Spawned", "Stay,ready", "Up", "LogStarted" },
        { "Starting", "Spawned", "Stay,once", "Running", "LogStarted,ArmRunTimer" },
        { "Starting", "Spawned", "Stay,ready,once", "Running", "LogStarted,ArmRunTimer" },
        { "Starting", "SpawnFailed", "Restart", "Backoff", "LogSpawnFailed,ArmBackoff" },
        { "Starting", "SpawnFailed", "GiveUp", "Failed", "LogSpawnFailed,LogGaveUp" },
        { "Starting", "SpawnFailed", "Stay", "Failed", "LogSpawnFailed" },
        { "Starting", "SpawnFailed", "Stay,once", "Failed", "LogSpawnFailed" },
        { "Starting", "SpawnFailed", "Restart,once", "Failed", "LogSpawnFailed" },

        { "Up", "Ready", "", "Ready", "LogReady,StartDependents" },
        { "Up", "Exited", "Restart", "Backoff", "LogExited,ArmBackoff" },
        { "Up", "Exited", "GiveUp", "Failed", "LogExited,LogGaveUp" },
        { "Up", "Exited", "Stay", "Exited", "LogExited" },
        { "Up", "StopRequested", "", "Stopping", "SendStop,ArmStopTimer" },
        { "Up", "RestartRequested", "", "Restarting", "SendStop,ArmStopTimer" },

        { "Ready", "Exited", "Restart", "Backoff", "LogExited,ArmBackoff" },
        { "Ready", "Exited", "GiveUp", "Failed", "LogExited,LogGaveUp" },
        { "Ready", "Exited", "Stay", "Exited", "LogExited" },
        { "Ready", "StopRequested", "", "Stopping", "SendStop,ArmStopTimer" },
        { "Ready", "RestartRequested", "", "Restarting", "SendStop,ArmStopTimer" },

        // Run once (onboot, onshutdown): the exit decides, the timeout kills.
        { "Running", "Exited", "once,ok", "Exited", "CancelTimer,LogExited" },
        { "Running", "Exited", "once", "Failed", "CancelTimer,LogFailed" },
        { "Running", "Timeout", "", "TimedOut", "LogTimedOut,SendKill" },
        { "TimedOut", "Exited", "", "Failed", "" },

        { "Stopping", "Exited", "", "Down", "CancelTimer,LogExited" },
        { "Stopping", "Timeout", "", "Stopping", "LogStillRunning,SendKill" },
        { "Stopping", "RestartRequested", "", "Restarting", "" },

        // Restart on request: the stop with its own escalation, then a fresh start.
        { "Restarting", "Exited", "", "Starting", "CancelTimer,LogExited,ResetBudget,Spawn" },
        { "Restarting", "Timeout", "", "Restarting", "LogStillRunning,SendKill" },
        { "Restarting", "StopRequested", "", "Stopping", "" },

        { "Backoff", "Timeout", "", "Starting", "Spawn" },
        { "Backoff", "StopRequested", "", "Down", "CancelTimer" },
        { "Backoff", "Start", "", "Starting", "CancelTimer,ResetBudget,Spawn" },
        { "Backoff", "RestartRequested", "", "Starting", "CancelTimer,ResetBudget,Spawn" },
    };

    private static readonly ServiceFacts[] EveryFacts =
        [.. from p in Enum.GetValues<ExitPlan>() from r in new[] { false, true } from o in new[] { false, true } from k in new[] { false, true }
            select new ServiceFacts(p, r, o, k)];

    private static ServiceFacts Parse(string facts)
    {
        var words = facts.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var plan = words.Select(w => Enum.TryParse<ExitPlan>(w, out var p) ? p : (ExitPlan?)null).FirstOrDefault(p => p is not null) ?? ExitPlan.Stay;
        return new(plan, words.Contains("ready"), words.Contains("once"), words.Contains("ok"));
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Row(string state, string ev, string facts, string expectedState, string expectedEffects)
    {
        var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev), Parse(facts));
        Assert.Equal(Enum.Parse<S>(expectedState), next.State);
        Assert.Equal(expectedEffects, string.Join(",", next.Effects));
    }

    /// <summary>A row listed once, with no facts, must not depend on them.</summary>
    [Theory]
    [MemberData(nameof(Table))]
    public void RowsWithoutVariantsIgnoreTheFacts(string state, string ev, string facts, string expectedState, string expectedEffects)
    {
        if (facts.Length > 0) return;
        Assert.Single(Table, r => (string)r[0] == state && (string)r[1] == ev);
        foreach (var f in EveryFacts)
        {
            var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev), f);
            Assert.Equal(Enum.Parse<S>(expectedState), next.State);
            Assert.Equal(expectedEffects, string.Join(",", next.Effects));
        }
    }

    /// <summary>Every (state, event) not in <see cref="Table"/>.</summary>
    public static TheoryData<string, string> Unlisted
    {
        get
        {
            var listed = Table.Select(r => ((string)r[0], (string)r[1])).ToHashSet();
            var data = new TheoryData<string, string>();
            foreach (var s in Enum.GetValues<S>())
                foreach (var e in Enum.GetValues<E>())
                    if (!listed.Contains((s.ToString(), e.ToString()))) data.Add(s.ToString(), e.ToString());
            return data;
        }
    }

    /// <summary>E.g. a Timeout after the service already went down, a second DependenciesReady, a Start of
    /// something running: nothing changes and nothing is done, whatever the facts.</summary>
    [Theory]
    [MemberData(nameof(Unlisted))]
    public void UnlistedRowChangesNothing(string state, string ev)
    {
        foreach (var f in EveryFacts)
        {
            var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev), f);
            Assert.Equal(Enum.Parse<S>(state), next.State);
            Assert.Empty(next.Effects);
        }
    }

    [Fact]
    public void ATransitionAllocatesNothing()
    {
        ServiceTransitions.Next(S.Ready, E.Exited, new ServiceFacts(ExitPlan.Restart));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ServiceTransitions.Next(S.Ready, E.Exited, new ServiceFacts(ExitPlan.Restart));
            ServiceTransitions.Next(S.Starting, E.Spawned, new ServiceFacts(HasReadiness: true));
            ServiceTransitions.Next(S.Down, E.Timeout);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(S.Down, true)]
    [InlineData(S.Waiting, true)]
    [InlineData(S.Starting, false)]
    [InlineData(S.Up, false)]
    [InlineData(S.Ready, false)]
    [InlineData(S.Running, false)]
    [InlineData(S.Stopping, false)]
    [InlineData(S.Restarting, false)]
    [InlineData(S.TimedOut, false)]
    [InlineData(S.Backoff, true)]
    [InlineData(S.Exited, true)]
    [InlineData(S.Failed, true)]
    internal void SettledStatesHoldNoProcess(S state, bool settled) =>
        Assert.Equal(settled, ServiceTransitions.IsSettled(state));
}
