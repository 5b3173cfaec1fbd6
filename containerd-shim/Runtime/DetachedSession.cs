using System.Globalization;
using System.Text;
using Linux;
using Linux.Native;
using Shim.Config;

namespace Shim.Runtime;

/// <summary>
/// The supervisor's part in <c>create</c>/<c>start</c> (docs/runtime-cli.md). Once stage 2 waits at
/// its start point, it saves the config and the state record, listens on <c>ROOT/ID/shim.sock</c> and
/// tells <c>create</c> the container's pid over the report fd (closing it without a word means failure).
/// It then waits for a <c>start</c> request — or for stage 2 to die (killed while created), which shows
/// as the sync socket hanging up. The record is updated when the process runs and when it ends.
/// </summary>
internal sealed unsafe class DetachedSession(StateDirectory dir, string id, ContainerConfig config, int reportFd)
{
    private int _listen = -1, _client = -1;
    private ContainerRecord? _record;

    /// <summary>The cgroup directories stage 1 made for the container, for the record.</summary>
    public IReadOnlyList<string>? CgroupDirectories { get; set; }

    /// <summary>Whether the container's pid went out over the report fd (create succeeded).</summary>
    public bool Reported => reportFd < 0;

    /// <summary>Our end of the stage-2 socketpair, polled for hang-up while we wait for start.</summary>
    public int SyncFd { get; set; } = -1;

    public bool WaitForStart(int pid, out SysError? error)
    {
        error = SaveConfig() ?? Save(new ContainerRecord
        {
            Id = id,
            Bundle = config.Bundle,
            Rootfs = config.RootfsPath,
            Pid = pid,
            PidStartTime = ProcessInfo.StartTime(pid) ?? 0,
            ShimPid = Environment.ProcessId,
            ShimStartTime = ProcessInfo.StartTime(Environment.ProcessId) ?? 0,
            Created = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            Annotations = config.Spec.Annotations,
            PoststopHooks = config.Spec.Hooks?.Poststop is { Count: > 0 },
            CgroupDirectories = CgroupDirectories is { Count: > 0 } dirs ? [.. dirs] : null,
        });
        if (error is not null) return false;
        _listen = ControlSocket.Listen(dir.SocketPath(id), out error);
        if (_listen < 0) return false;
        ControlSocket.Send(reportFd, Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture)));
        Fcntl.close(reportFd);
        reportFd = -1;
        LetGoOfCreatesStdio();
        var started = AcceptStart();
        StopListening();
        return started;
    }

    /// <summary>Callers read create's stdout until end-of-file (containerd's go-runc does with a console
    /// socket): once create has its answer we hold none of its stdio. Stage 2 has its own copies (or the
    /// pty), and whatever we say later goes to start's answer and the --log file.</summary>
    private static void LetGoOfCreatesStdio()
    {
        var devNull = Fcntl.open("/dev/null", Fcntl.O_RDWR | Fcntl.O_CLOEXEC, 0);
        if (devNull < 0) return;
        for (var fd = 0; fd <= 2; fd++) Tty.dup2(devNull, fd);
        Fcntl.close(devNull);
    }

    private bool AcceptStart()
    {
        var fds = stackalloc Poll.pollfd[2];
        while (true)
        {
            fds[0] = new Poll.pollfd { fd = _listen, events = Poll.POLLIN };
            fds[1] = new Poll.pollfd { fd = SyncFd, events = Poll.POLLIN };
            if (Poll.poll(fds, 2, -1) < 0) continue; // EINTR from a forwarded signal
            if (fds[1].revents != 0) return false; // stage 2 never writes while paused: it is gone
            if (fds[0].revents == 0) continue;
            var client = ControlSocket.Accept(_listen);
            if (client < 0) continue;
            if (ControlSocket.Receive(client) is { } request && Encoding.UTF8.GetString(request) == "start")
            {
                _client = client;
                return true;
            }
            ControlSocket.Send(client, [1, .. "containerd-shim: unknown request"u8]);
            Fcntl.close(client);
        }
    }

    /// <summary>The process runs: on record, and the <c>start</c> that asked for it hears so.</summary>
    public void Started(string? warning)
    {
        if (_record is not null && Save(_record with { Started = true }) is { } error)
            warning = (warning is null ? "" : warning + "\n") + $"containerd-shim: {id}: warning: {error}";
        Answer(0, warning);
    }

    /// <summary>True when someone waiting (start) was told; create learns from the closed report fd.</summary>
    public bool Failed(SysError error)
    {
        if (_client < 0) return false;
        Answer(1, $"containerd-shim: {id}: {error}");
        return true;
    }

    public void Stopped(int exitStatus)
    {
        StopListening();
        if (_record is not null) Save(_record with { ExitStatus = exitStatus });
    }

    private void Answer(byte code, string? text)
    {
        if (_client < 0) return;
        ControlSocket.Send(_client, [code, .. Encoding.UTF8.GetBytes(text ?? "")]);
        Fcntl.close(_client);
        _client = -1;
    }

    private void StopListening()
    {
        if (_listen < 0) return;
        Fcntl.close(_listen);
        _listen = -1;
        File.Delete(dir.SocketPath(id));
    }

    private SysError? Save(ContainerRecord record)
    {
        _record = record;
        return dir.Write(record);
    }

    /// <summary>The config as it was at create, root.path made absolute: delete's poststop hooks and
    /// exec read it from here, whatever happens to the bundle meanwhile.</summary>
    private SysError? SaveConfig()
    {
        var path = dir.ConfigFile(id);
        try
        {
            var spec = config.Spec with { Root = (config.Spec.Root ?? new Oci.Root()) with { Path = config.RootfsPath } };
            File.WriteAllBytes(path, Oci.OciJson.Serialize(spec));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"write {path}", ExceptionErrno.Of(e));
        }
    }
}
