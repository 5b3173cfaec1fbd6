using Linux;

namespace Pid1.Supervision;

/// <summary>
/// Starts <c>containerd-shim run --bundle DIR ID</c> (docs/image-layout.md) with stdin on /dev/null and
/// stdout+stderr on one pipe whose read end goes to an <see cref="OutputPump"/>. A service with
/// <c>readiness: fd</c> also gets a <see cref="ReadinessPipe"/> as fd 3 (<c>--preserve-fds 1</c>).
/// </summary>
internal sealed unsafe class ContainerLauncher(Serilog.ILogger log, string shimPath = ContainerLauncher.DefaultShim)
{
    public const string DefaultShim = "/usr/bin/containerd-shim";
    private const int O_CLOEXEC = 0x80000;

    public int Start(ContainerBundle bundle, Task outputGate, out Task output, out SysError? error, Action? onReady = null)
    {
        output = Task.CompletedTask;
        error = bundle.Problem() is { } problem ? SysError.Plain(problem) : null;
        if (error is null && !File.Exists(shimPath)) error = SysError.Plain($"{shimPath} is missing from the image");
        if (error is not null) return -1;
        var fds = stackalloc int[2];
        if (Tmds.Linux.LibC.pipe2(fds, O_CLOEXEC) != 0) { error = SysError.LastLibC("pipe2 for container output"); return -1; }
        var ready = onReady is null ? null : ReadinessPipe.Create(out error);
        if (error is not null)
        {
            Linux.Native.Fcntl.close(fds[0]);
            Linux.Native.Fcntl.close(fds[1]);
            return -1;
        }
        var request = new SpawnRequest
        {
            Path = shimPath,
            Args = ready is null
                ? [shimPath, "run", "--bundle", bundle.Dir, bundle.Name]
                : [shimPath, "run", "--preserve-fds", "1", "--bundle", bundle.Dir, bundle.Name],
            Fds = ready is { } r ? [(fds[1], 1), (fds[1], 2), (r.Write, ReadinessPipe.ContainerFd)] : [(fds[1], 1), (fds[1], 2)],
        };
        var pid = ChildSpawner.Start(request, out error);
        Linux.Native.Fcntl.close(fds[1]);
        if (ready is { } rw) Linux.Native.Fcntl.close(rw.Write);
        if (pid < 0)
        {
            Linux.Native.Fcntl.close(fds[0]);
            if (ready is { } rr) Linux.Native.Fcntl.close(rr.Read);
            return -1;
        }
        output = OutputPump.Start(fds[0], bundle.Name, log, outputGate);
        if (ready is { } watched) ReadinessPipe.Watch(watched.Read, onReady!);
        return pid;
    }
}
