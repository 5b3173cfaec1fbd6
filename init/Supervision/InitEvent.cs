using Linux;

namespace Pid1.Supervision;

/// <summary>What the event loop reacts to. Everything that changes init's state arrives as one of these.</summary>
internal abstract record InitEvent;

/// <summary>The reaper collected a child (ours, or an orphan the kernel handed to PID 1).</summary>
internal sealed record ChildExited(ExitStatus Status) : InitEvent;

/// <summary>waitid said ECHILD. <paramref name="Generation"/> is the spawn count the reaper had seen,
/// so a report that a later spawn made stale can be told apart.</summary>
internal sealed record NoChildrenLeft(long Generation) : InitEvent;

/// <summary>A signal asked for poweroff, reboot or halt.</summary>
internal sealed record ShutdownRequested(ShutdownKind Kind, string Signal) : InitEvent;

/// <summary>A timer armed by the loop ran out; <paramref name="OnLoop"/> runs on the loop, like every state change.</summary>
internal sealed record TimerElapsed(Action OnLoop) : InitEvent;

/// <summary>A service wrote its readiness line (s6 style, on fd 3); <paramref name="OnLoop"/> runs on the loop.</summary>
internal sealed record ReadinessSignalled(Action OnLoop) : InitEvent;
