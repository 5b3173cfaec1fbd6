using Pid1.Supervision;
using S = Pid1.Supervision.ServiceState;
using E = Pid1.Supervision.ServiceEvent;

namespace Tests.UnitInit;

public sealed class ServiceTransitionsTests
{
    /// <summary>Every state x event, written out (effects comma-separated, in order), with each restart plan
    /// where an exit depends on it and both readiness modes where a start does: a new row in the table must be
    /// added here on purpose.</summary>
    public static TheoryData<string, string, string, bool, string, string> Table => new()
    {
        { "Down", "Start", "Stay", false, "Starting", "Spawn" },
        { "Down", "Spawned", "Stay", false, "Down", "" },
        { "Down", "SpawnFailed", "Stay", false, "Down", "" },
        { "Down", "Exited", "Stay", false, "Down", "" },
        { "Down", "Ready", "Stay", false, "Down", "" },
        { "Down", "StopRequested", "Stay", false, "Down", "" },
        { "Down", "Timeout", "Stay", false, "Down", "" },

        { "Starting", "Start", "Stay", false, "Starting", "" },
        { "Starting", "Spawned", "Stay", false, "Ready", "LogStarted,StartDependents" },
        { "Starting", "Spawned", "Stay", true, "Up", "LogStarted" },
        { "Starting", "SpawnFailed", "Restart", false, "Backoff", "LogSpawnFailed,ArmBackoff" },
        { "Starting", "SpawnFailed", "GiveUp", false, "Failed", "LogSpawnFailed,LogGaveUp" },
        { "Starting", "SpawnFailed", "Stay", false, "Failed", "LogSpawnFailed" },
        { "Starting", "Exited", "Stay", false, "Starting", "" },
        { "Starting", "Ready", "Stay", false, "Starting", "" },
        { "Starting", "StopRequested", "Stay", false, "Starting", "" },
        { "Starting", "Timeout", "Stay", false, "Starting", "" },

        { "Up", "Start", "Stay", false, "Up", "" },
        { "Up", "Spawned", "Stay", false, "Up", "" },
        { "Up", "SpawnFailed", "Stay", false, "Up", "" },
        { "Up", "Exited", "Restart", false, "Backoff", "LogExited,ArmBackoff" },
        { "Up", "Exited", "GiveUp", false, "Failed", "LogExited,LogGaveUp" },
        { "Up", "Exited", "Stay", false, "Exited", "LogExited" },
        { "Up", "Ready", "Stay", false, "Ready", "LogReady,StartDependents" },
        { "Up", "StopRequested", "Stay", false, "Stopping", "SendStop,ArmStopTimer" },
        { "Up", "Timeout", "Stay", false, "Up", "" },

        { "Ready", "Start", "Stay", false, "Ready", "" },
        { "Ready", "Spawned", "Stay", false, "Ready", "" },
        { "Ready", "SpawnFailed", "Stay", false, "Ready", "" },
        { "Ready", "Exited", "Restart", false, "Backoff", "LogExited,ArmBackoff" },
        { "Ready", "Exited", "GiveUp", false, "Failed", "LogExited,LogGaveUp" },
        { "Ready", "Exited", "Stay", false, "Exited", "LogExited" },
        { "Ready", "Ready", "Stay", false, "Ready", "" },
        { "Ready", "StopRequested", "Stay", false, "Stopping", "SendStop,ArmStopTimer" },
        { "Ready", "Timeout", "Stay", false, "Ready", "" },

        { "Stopping", "Start", "Stay", false, "Stopping", "" },
        { "Stopping", "Spawned", "Stay", false, "Stopping", "" },
        { "Stopping", "SpawnFailed", "Stay", false, "Stopping", "" },
        { "Stopping", "Exited", "Stay", false, "Down", "CancelTimer,LogExited" },
        { "Stopping", "Ready", "Stay", false, "Stopping", "" },
        { "Stopping", "StopRequested", "Stay", false, "Stopping", "" },
        { "Stopping", "Timeout", "Stay", false, "Stopping", "SendKill" },

        { "Backoff", "Start", "Stay", false, "Backoff", "" },
        { "Backoff", "Spawned", "Stay", false, "Backoff", "" },
        { "Backoff", "SpawnFailed", "Stay", false, "Backoff", "" },
        { "Backoff", "Exited", "Stay", false, "Backoff", "" },
        { "Backoff", "Ready", "Stay", false, "Backoff", "" },
        { "Backoff", "StopRequested", "Stay", false, "Down", "CancelTimer" },
        { "Backoff", "Timeout", "Stay", false, "Starting", "Spawn" },

        { "Exited", "Start", "Stay", false, "Starting", "Spawn" },
        { "Exited", "Spawned", "Stay", false, "Exited", "" },
        { "Exited", "SpawnFailed", "Stay", false, "Exited", "" },
        { "Exited", "Exited", "Stay", false, "Exited", "" },
        { "Exited", "Ready", "Stay", false, "Exited", "" },
        { "Exited", "StopRequested", "Stay", false, "Exited", "" },
        { "Exited", "Timeout", "Stay", false, "Exited", "" },

        { "Failed", "Start", "Stay", false, "Starting", "Spawn" },
        { "Failed", "Spawned", "Stay", false, "Failed", "" },
        { "Failed", "SpawnFailed", "Stay", false, "Failed", "" },
        { "Failed", "Exited", "Stay", false, "Failed", "" },
        { "Failed", "Ready", "Stay", false, "Failed", "" },
        { "Failed", "StopRequested", "Stay", false, "Failed", "" },
        { "Failed", "Timeout", "Stay", false, "Failed", "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Row(string state, string ev, string plan, bool readiness, string expectedState, string expectedEffects)
    {
        var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev), Enum.Parse<ExitPlan>(plan), readiness);
        Assert.Equal(Enum.Parse<S>(expectedState), next.State);
        Assert.Equal(expectedEffects, string.Join(",", next.Effects));
    }

    /// <summary>Rows written with one plan/readiness must not depend on them (only the rows listed with
    /// variants may).</summary>
    [Theory]
    [MemberData(nameof(Table))]
    public void RowsWithoutVariantsIgnoreTheFacts(string state, string ev, string plan, bool readiness, string expectedState, string expectedEffects)
    {
        var variants = Table.Count(r => (string)r[0] == state && (string)r[1] == ev);
        if (variants > 1) return;
        foreach (var p in Enum.GetValues<ExitPlan>())
            foreach (var r in new[] { false, true })
            {
                var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev), p, r);
                Assert.Equal(Enum.Parse<S>(expectedState), next.State);
                Assert.Equal(expectedEffects, string.Join(",", next.Effects));
            }
        _ = (plan, readiness);
    }

    [Fact]
    public void TheTableCoversEveryStateAndEvent()
    {
        var rows = Table.Select(r => (Enum.Parse<S>((string)r[0]), Enum.Parse<E>((string)r[1]))).ToHashSet();
        foreach (var s in Enum.GetValues<S>())
            foreach (var e in Enum.GetValues<E>())
                Assert.Contains((s, e), rows);
    }

    [Theory]
    [InlineData(S.Down, true)]
    [InlineData(S.Starting, false)]
    [InlineData(S.Up, false)]
    [InlineData(S.Ready, false)]
    [InlineData(S.Stopping, false)]
    [InlineData(S.Backoff, true)]
    [InlineData(S.Exited, true)]
    [InlineData(S.Failed, true)]
    internal void SettledStatesHoldNoProcess(S state, bool settled) =>
        Assert.Equal(settled, ServiceTransitions.IsSettled(state));
}
