using Pid1.Supervision;
using S = Pid1.Supervision.ServiceState;
using E = Pid1.Supervision.ServiceEvent;

namespace Tests.UnitInit;

public sealed class ServiceTransitionsTests
{
    /// <summary>Every state x event, written out (effects comma-separated, in order): a new row in the table must be added here on purpose.</summary>
    public static TheoryData<string, string, string, string> Table => new()
    {
        { "Down", "Start", "Starting", "Spawn" },
        { "Down", "Spawned", "Down", "" },
        { "Down", "SpawnFailed", "Down", "" },
        { "Down", "Exited", "Down", "" },
        { "Down", "StopRequested", "Down", "" },
        { "Down", "Timeout", "Down", "" },

        { "Starting", "Start", "Starting", "" },
        { "Starting", "Spawned", "Up", "LogStarted" },
        { "Starting", "SpawnFailed", "Failed", "LogSpawnFailed" },
        { "Starting", "Exited", "Starting", "" },
        { "Starting", "StopRequested", "Starting", "" },
        { "Starting", "Timeout", "Starting", "" },

        { "Up", "Start", "Up", "" },
        { "Up", "Spawned", "Up", "" },
        { "Up", "SpawnFailed", "Up", "" },
        { "Up", "Exited", "Exited", "LogExited" },
        { "Up", "StopRequested", "Stopping", "SendTerm" },
        { "Up", "Timeout", "Up", "" },

        { "Stopping", "Start", "Stopping", "" },
        { "Stopping", "Spawned", "Stopping", "" },
        { "Stopping", "SpawnFailed", "Stopping", "" },
        { "Stopping", "Exited", "Down", "LogExited" },
        { "Stopping", "StopRequested", "Stopping", "" },
        { "Stopping", "Timeout", "Stopping", "SendKill" },

        { "Exited", "Start", "Exited", "" },
        { "Exited", "Spawned", "Exited", "" },
        { "Exited", "SpawnFailed", "Exited", "" },
        { "Exited", "Exited", "Exited", "" },
        { "Exited", "StopRequested", "Exited", "" },
        { "Exited", "Timeout", "Exited", "" },

        { "Failed", "Start", "Failed", "" },
        { "Failed", "Spawned", "Failed", "" },
        { "Failed", "SpawnFailed", "Failed", "" },
        { "Failed", "Exited", "Failed", "" },
        { "Failed", "StopRequested", "Failed", "" },
        { "Failed", "Timeout", "Failed", "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Row(string state, string ev, string expectedState, string expectedEffects)
    {
        var next = ServiceTransitions.Next(Enum.Parse<S>(state), Enum.Parse<E>(ev));
        Assert.Equal(Enum.Parse<S>(expectedState), next.State);
        Assert.Equal(expectedEffects, string.Join(",", next.Effects));
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
    [InlineData(S.Stopping, false)]
    [InlineData(S.Exited, true)]
    [InlineData(S.Failed, true)]
    internal void SettledStatesHoldNoProcess(S state, bool settled) =>
        Assert.Equal(settled, ServiceTransitions.IsSettled(state));
}
