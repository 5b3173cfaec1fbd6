namespace Pid1.Supervision;

/// <summary>What the table needs to know besides state and event: what the restart policy says about an
/// exit (services), whether the service signals readiness, whether it is an onboot/onshutdown container run
/// once, and whether the run that just ended succeeded (run-once).</summary>
internal readonly record struct ServiceFacts(ExitPlan Plan = ExitPlan.Stay, bool HasReadiness = false, bool RunOnce = false, bool Succeeded = false);
