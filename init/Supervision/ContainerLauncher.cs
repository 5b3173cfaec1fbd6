using Linux;

namespace Pid1.Supervision;

/// <summary>
/// Starts <c>containerd-shim run --bundle DIR ID</c> (docs/image-layout.md) with stdin on /dev/null and
/// stdout+stderr on one pipe whose read end goes to an <see cref="OutputPump"/>.
/// </summary>
internal sealed unsafe class ContainerLauncher(Serilog.ILogger log, string shimPath = ContainerLauncher.DefaultShim)
{
    public const string DefaultShim = "/usr/bin/containerd-shim";
    private const int O_CLOEXEC = 0x80000;

    public int Start(ContainerBundle bundle, out Task output, out SysError? error)
    {
        output = Task.CompletedTask;
        error = bundle.Problem() is { } problem ? SysError.Plain(problem) : null;
        if (error is null && !File.Exists(shimPath)) error = SysError.Plain($"{shimPath} is missing from the image");
        if (error is not null) return -1;
        var fds = stackalloc int[2];
        if (Tmds.Linux.LibC.pipe2(fds, O_CLOEXEC) != 0) { error = SysError.LastLibC("pipe2 for container output"); return -1; }
        var request = new SpawnRequest
        {
            Path = shimPath,
            Args = [shimPath, "run", "--bundle", bundle.Dir, bundle.Name],
            Fds = [(fds[1], 1), (fds[1], 2)],
        };
        var pid = ChildSpawner.Start(request, out error);
        Linux.Native.Fcntl.close(fds[1]);
        if (pid < 0)
        {
            Linux.Native.Fcntl.close(fds[0]);
            return -1;
        }
        output = OutputPump.Start(fds[0], bundle.Name, log);
        return pid;
    }
}
