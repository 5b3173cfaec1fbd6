using Linux;
using Linux.Native;

namespace Pid1.Supervision;

/// <summary>
/// Starts <c>containerd-shim run --bundle DIR ID</c> (docs/image-layout.md) with stdin on /dev/null and
/// stdout+stderr on one pipe whose read end goes to an <see cref="OutputPump"/>. A service with
/// <c>readiness: fd</c> also gets a <see cref="ReadinessPipe"/> as fd 3 (<c>--preserve-fds 1</c>).
/// </summary>
internal sealed class ContainerLauncher(Serilog.ILogger log, string shimPath = ContainerLauncher.DefaultShim)
{
    public const string DefaultShim = Oci.ImagePaths.Shim;

    private readonly RuntimePreparation _runtime = new();

    public int Start(ContainerBundle bundle, Task outputGate, out Task output, out SysError? error, Action? onReady = null)
    {
        output = Task.CompletedTask;
        // The shim may put the container into a cgroup: the tree mounted off the critical path must be there.
        Boot.Cgroup2Mount.WaitUntilMounted();
        error = bundle.Problem();
        if (error is null && !File.Exists(shimPath)) error = SysError.Plain($"{shimPath} is missing from the image");
        error ??= _runtime.PrepareOnce(bundle, log);
        if (error is not null) return -1;
        if (Pipe.Create("container output", out error) is not { } outputPipe) return -1;
        var ready = onReady is null ? null : Pipe.Create("readiness", out error);
        if (error is not null)
        {
            Fcntl.close(outputPipe.Read);
            Fcntl.close(outputPipe.Write);
            return -1;
        }
        List<string> args = [shimPath, "run", "--bundle", bundle.Dir, bundle.Name];
        List<(int, int)> fds = [(outputPipe.Write, 1), (outputPipe.Write, 2)];
        if (ready is { } r)
        {
            args.InsertRange(2, ["--preserve-fds", "1"]);
            fds.Add((r.Write, ReadinessPipe.ContainerFd));
        }
        var pid = ChildSpawner.Start(new SpawnRequest { Path = shimPath, Args = args, Fds = fds }, out error);
        Fcntl.close(outputPipe.Write);
        if (ready is { } rw) Fcntl.close(rw.Write);
        if (pid < 0)
        {
            Fcntl.close(outputPipe.Read);
            if (ready is { } rr) Fcntl.close(rr.Read);
            return -1;
        }
        output = OutputPump.Start(outputPipe.Read, bundle.Name, log, outputGate);
        if (ready is { } watched) ReadinessPipe.Watch(watched.Read, onReady!);
        return pid;
    }
}
