namespace Pid1.Supervision;

/// <summary>One row of <c>list</c>: a snapshot taken on the loop, safe to hand to another thread.</summary>
internal sealed record ServiceInfo(string Name, ServiceState State, int? Pid, int Restarts, TimeSpan? Uptime, Linux.ExitStatus? LastExit)
{
    public static ServiceInfo Of(Service s)
    {
        var running = s.State is ServiceState.Up or ServiceState.Ready or ServiceState.Running or ServiceState.Stopping or ServiceState.Restarting or ServiceState.TimedOut;
        return new(s.Name, s.State, running ? s.Run?.Pid : null, s.Budget.Restarts,
            running ? TimeSpan.FromMilliseconds(Environment.TickCount64 - s.StartedAtMs) : null, s.LastExit);
    }
}
