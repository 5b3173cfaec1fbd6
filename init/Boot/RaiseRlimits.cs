using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>LinuxKit's limits, inherited by every container: a million open files, no process cap.</summary>
internal sealed unsafe class RaiseRlimits : IBootStage
{
    private static readonly (int Resource, string Name, ulong Value)[] Limits =
    [
        (Resource.RLIMIT_NOFILE, "RLIMIT_NOFILE", 1048576),
        (Resource.RLIMIT_NPROC, "RLIMIT_NPROC", Resource.RLIM_INFINITY),
    ];

    public string Name => "rlimits";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        SysError? first = null;
        foreach (var (resource, name, value) in Limits)
        {
            var limit = new Resource.rlimit { rlim_cur = value, rlim_max = value };
            if (Resource.prlimit(0, resource, &limit, null) != 0) first ??= SysError.Last($"setrlimit {name} {value}");
        }
        return first;
    }
}
