using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShimV2.Protocol.Events;
using ShimV2.Protocol.Task;
using ShimV2.Protocol.Types;
using ShimV2.Ttrpc;

namespace ShimV2.Serve;

/// <summary>
/// containerd.task.v2.Task for one container: its init process and its execs, each driven through our
/// runtime's command line as containerd-shim-runc-v2 drives runc (create/start/exec --detach/kill/delete/
/// pause/resume/update/ps), exits from the <see cref="Reaper"/>, events to containerd as they happen.
/// </summary>
internal sealed class TaskService(ShimFlags flags, EventPublisher events, Action shutdown)
{
    public const string Service = "containerd.task.v2.Task";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ShimProcess> _execs = new(StringComparer.Ordinal);
    private ShimProcess? _init;
    private string _bundle = "";
    private RuntimeCli? _runtime;
    private bool _deleted;

    private RuntimeCli Runtime => _runtime ?? throw new RpcException(RpcCode.FailedPrecondition, $"task {flags.Id} is not created");

    public async Task<IMessage> Handle(Protocol.Ttrpc.Request request)
    {
        if (request.Service != Service)
            throw new RpcException(RpcCode.Unimplemented, $"service {request.Service} is not served here (only {Service})");
        var p = request.Payload;
        return request.Method switch
        {
            "Create" => Create(CreateTaskRequest.Parser.ParseFrom(p)),
            "Start" => Start(StartRequest.Parser.ParseFrom(p)),
            "Delete" => Delete(DeleteRequest.Parser.ParseFrom(p)),
            "Exec" => Exec(ExecProcessRequest.Parser.ParseFrom(p)),
            "State" => State(StateRequest.Parser.ParseFrom(p)),
            "Kill" => Kill(KillRequest.Parser.ParseFrom(p)),
            "Pids" => Pids(PidsRequest.Parser.ParseFrom(p)),
            "Pause" => Freeze(PauseRequest.Parser.ParseFrom(p).Id, pause: true),
            "Resume" => Freeze(ResumeRequest.Parser.ParseFrom(p).Id, pause: false),
            "Update" => Update(UpdateTaskRequest.Parser.ParseFrom(p)),
            "Wait" => await Wait(WaitRequest.Parser.ParseFrom(p)).ConfigureAwait(false),
            "Stats" => Stats(StatsRequest.Parser.ParseFrom(p)),
            "Connect" => new ConnectResponse { ShimPid = (uint)Environment.ProcessId, TaskPid = (uint)(_init?.Pid ?? 0), Version = Program.Version },
            "Shutdown" => Shutdown(ShutdownRequest.Parser.ParseFrom(p)),
            "CloseIO" => CloseIO(CloseIORequest.Parser.ParseFrom(p)),
            "ResizePty" => ResizePty(ResizePtyRequest.Parser.ParseFrom(p)),
            _ => throw new RpcException(RpcCode.Unimplemented, $"{Service}/{request.Method} is not implemented by containerd-shim-cinit-v1"),
        };
    }

    private IMessage Create(CreateTaskRequest r)
    {
        if (r.Checkpoint.Length > 0) throw new RpcException(RpcCode.Unimplemented, "create from a checkpoint: no CRIU here");
        MigrationPrimer.Prime();
        lock (_gate)
        {
            if (_init is not null) throw new RpcException(RpcCode.AlreadyExists, $"task {r.Id} already exists");
            _bundle = r.Bundle;
            _runtime = new RuntimeCli(RuntimeCli.Locate(), $"/run/containerd/cinit/{flags.Namespace}", Path.Combine(r.Bundle, "log.json"));
            var process = new ShimProcess { ContainerId = r.Id, ExecId = "", Stdin = r.Stdin, Stdout = r.Stdout, Stderr = r.Stderr, Terminal = r.Terminal };
            RootfsMounts.Mount(r.Bundle, r.Rootfs);
            try
            {
                Launch(process, (stdio, console) => Runtime.Create(r.Id, r.Bundle, stdio, console));
            }
            catch
            {
                RootfsMounts.Unmount(r.Bundle);
                throw;
            }
            _init = process;
            process.Oom = OomCounter.Of(process.Pid);
            var created = new TaskCreate { ContainerId = r.Id, Bundle = r.Bundle, Pid = (uint)process.Pid, Io = new TaskIO { Stdin = r.Stdin, Stdout = r.Stdout, Stderr = r.Stderr, Terminal = r.Terminal } };
            created.Rootfs.Add(r.Rootfs);
            events.Publish("/tasks/create", created);
            WatchExit(process);
            return new CreateTaskResponse { Pid = (uint)process.Pid };
        }
    }

    /// <summary>Starts the process through <paramref name="run"/> with its stdio (or a console socket), which returns its pid.</summary>
    private static void Launch(ShimProcess process, Func<IReadOnlyList<(int, int)>?, string?, int> run)
    {
        if (process.Terminal)
            process.Console = ConsoleRelay.Listen();
        else
            process.Stdio = ProcessStdio.Open(process.Stdin, process.Stdout, process.Stderr);
        try
        {
            var pid = run(process.Stdio?.Fds, process.Console?.SocketPath);
            process.Console?.Start(process.Stdin, process.Stdout);
            process.Stdio?.Handed();
            process.Pid = pid;
        }
        catch
        {
            process.Stdio?.Dispose();
            process.Console?.Dispose();
            throw;
        }
    }

    private static int ReadPid(string pidFile)
    {
        var text = File.ReadAllText(pidFile).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid : throw new RpcException(RpcCode.Internal, $"{pidFile}: not a pid: '{text}'");
    }

    private void WatchExit(ShimProcess process)
    {
        Reaper.Watch(process.Pid).ContinueWith(t =>
        {
            var exit = t.Result;
            lock (process.Starting)
            {
                lock (_gate)
                {
                    process.Status = Status.Stopped;
                    process.ExitStatus = (uint)exit.Status.ShellCode;
                    process.ExitedAt = exit.At;
                }
                // before the exit: containerd's CRI plugin takes the reason OOMKilled only from a TaskOOM seen first
                if (process.Oom?.Increased() == true) events.Publish("/tasks/oom", new TaskOOM { ContainerId = process.ContainerId });
                events.Publish("/tasks/exit", new TaskExit
                {
                    ContainerId = process.ContainerId, Id = process.Name, Pid = (uint)process.Pid,
                    ExitStatus = process.ExitStatus, ExitedAt = Timestamp.FromDateTime(exit.At),
                });
            }
            process.Exited.TrySetResult();
        }, TaskScheduler.Default);
    }

    private IMessage Start(StartRequest r)
    {
        var process = Find(r.Id, r.ExecId);
        if (process.ExecId.Length == 0)
        {
            lock (process.Starting)
            {
                lock (_gate)
                    if (process.Status != Status.Created)
                        throw new RpcException(RpcCode.FailedPrecondition, $"task {r.Id} is {process.Status.ToString().ToLowerInvariant()}: only a created task starts");
                Runtime.Start(r.Id);
                lock (_gate) if (process.Status == Status.Created) process.Status = Status.Running;
                events.Publish("/tasks/start", new TaskStart { ContainerId = r.Id, Pid = (uint)process.Pid });
            }
            return new StartResponse { Pid = (uint)process.Pid };
        }
        lock (_gate)
            if (process.Status != Status.Created) throw new RpcException(RpcCode.FailedPrecondition, $"exec {r.ExecId} was already started");
        MigrationPrimer.Prime();
        var spec = Path.Combine(_bundle, $"exec-{r.ExecId}.json");
        File.WriteAllBytes(spec, process.Spec!);
        var pidFile = Path.Combine(_bundle, $"exec-{r.ExecId}.pid");
        lock (process.Starting)
        {
            Launch(process, (stdio, console) =>
            {
                File.Delete(pidFile);
                List<string> args = ["exec", "--detach", "--process", spec, "--pid-file", pidFile];
                if (console is not null) args.AddRange(["--tty", "--console-socket", console]);
                args.Add(r.Id);
                Runtime.Run(args, stdio);
                return ReadPid(pidFile);
            });
            lock (_gate) process.Status = Status.Running;
            events.Publish("/tasks/exec-started", new TaskExecStarted { ContainerId = r.Id, ExecId = r.ExecId, Pid = (uint)process.Pid });
            WatchExit(process);
        }
        return new StartResponse { Pid = (uint)process.Pid };
    }

    private IMessage Exec(ExecProcessRequest r)
    {
        lock (_gate)
        {
            _ = Find(r.Id, "");
            if (_execs.ContainsKey(r.ExecId)) throw new RpcException(RpcCode.AlreadyExists, $"exec {r.ExecId} already exists");
            if (r.Spec is null) throw new RpcException(RpcCode.InvalidArgument, $"exec {r.ExecId}: spec is missing");
            _execs[r.ExecId] = new ShimProcess
            {
                ContainerId = r.Id, ExecId = r.ExecId, Stdin = r.Stdin, Stdout = r.Stdout, Stderr = r.Stderr, Terminal = r.Terminal,
                Spec = r.Spec.Value.ToByteArray(),
            };
        }
        events.Publish("/tasks/exec-added", new TaskExecAdded { ContainerId = r.Id, ExecId = r.ExecId });
        return new Empty();
    }

    private IMessage Delete(DeleteRequest r)
    {
        var process = Find(r.Id, r.ExecId);
        if (process.ExecId.Length > 0)
        {
            lock (_gate)
            {
                if (process.Status is Status.Running or Status.Paused)
                    throw new RpcException(RpcCode.FailedPrecondition, $"exec {r.ExecId} is still running");
                _execs.Remove(r.ExecId);
            }
        }
        else
        {
            lock (_gate)
                if (process.Status is Status.Running or Status.Paused)
                    throw new RpcException(RpcCode.FailedPrecondition, $"task {r.Id} is still running: kill it first");
            Runtime.Run(["delete", "--force", r.Id]);
            // a task deleted before it ran was killed by delete: wait for its status
            process.Exited.Task.Wait(TimeSpan.FromSeconds(10));
            if (RootfsMounts.Unmount(_bundle) is { } error) Log.Write($"delete {r.Id}: {error}");
            lock (_gate) _deleted = true;
        }
        process.Stdio?.Dispose();
        process.Console?.Dispose();
        var exitedAt = Timestamp.FromDateTime(process.ExitedAt == default ? DateTime.UtcNow : process.ExitedAt);
        events.Publish("/tasks/delete", new TaskDelete { ContainerId = r.Id, Pid = (uint)process.Pid, ExitStatus = process.ExitStatus, ExitedAt = exitedAt, Id = process.Name });
        return new DeleteResponse { Pid = (uint)process.Pid, ExitStatus = process.ExitStatus, ExitedAt = exitedAt };
    }

    private IMessage State(StateRequest r)
    {
        var process = Find(r.Id, r.ExecId);
        lock (_gate)
        {
            var state = new StateResponse
            {
                Id = process.Name, Bundle = _bundle, Pid = (uint)process.Pid, Status = process.Status, Stdin = process.Stdin,
                Stdout = process.Stdout, Stderr = process.Stderr, Terminal = process.Terminal, ExitStatus = process.ExitStatus, ExecId = process.ExecId,
            };
            if (process.Status == Status.Stopped) state.ExitedAt = Timestamp.FromDateTime(process.ExitedAt);
            return state;
        }
    }

    private IMessage Kill(KillRequest r)
    {
        var process = Find(r.Id, r.ExecId);
        lock (_gate)
            if (process.Status == Status.Stopped) throw new RpcException(RpcCode.NotFound, $"{process.Name}: process already finished");
        if (process.ExecId.Length > 0)
        {
            if (Linux.Native.Signal.kill(process.Pid, (int)r.Signal) != 0)
                throw new RpcException(RpcCode.NotFound, Linux.SysError.Last($"kill exec {r.ExecId} (pid {process.Pid})").ToString());
            return new Empty();
        }
        List<string> args = ["kill"];
        if (r.All) args.Add("--all");
        args.AddRange([r.Id, r.Signal.ToString(CultureInfo.InvariantCulture)]);
        Runtime.Run(args);
        return new Empty();
    }

    private IMessage Pids(PidsRequest r)
    {
        _ = Find(r.Id, "");
        var json = Runtime.Output(["ps", "--format", "json", r.Id]);
        var response = new PidsResponse();
        using var pids = JsonDocument.Parse(json.Length > 0 ? json : "[]");
        foreach (var pid in pids.RootElement.EnumerateArray()) response.Processes.Add(new ProcessInfo { Pid = pid.GetUInt32() });
        return response;
    }

    private IMessage Stats(StatsRequest r)
    {
        _ = Find(r.Id, "");
        var json = Runtime.Output(["events", "--stats", r.Id]);
        return new StatsResponse { Stats = TaskStats.FromRuntimeJson(json, TaskStats.UnifiedHost) };
    }

    private IMessage Freeze(string id, bool pause)
    {
        var process = Find(id, "");
        Runtime.Run([pause ? "pause" : "resume", id]);
        lock (_gate) if (process.Status != Status.Stopped) process.Status = pause ? Status.Paused : Status.Running;
        if (pause) events.Publish("/tasks/paused", new TaskPaused { ContainerId = id });
        else events.Publish("/tasks/resumed", new TaskResumed { ContainerId = id });
        return new Empty();
    }

    /// <summary>The resources come as a runtime-spec linux.resources JSON in an Any, which update reads as a file.</summary>
    private IMessage Update(UpdateTaskRequest r)
    {
        _ = Find(r.Id, "");
        if (r.Resources is null) throw new RpcException(RpcCode.InvalidArgument, "update: resources is missing");
        var file = Path.Combine(_bundle, "update.json");
        File.WriteAllBytes(file, r.Resources.Value.ToByteArray());
        Runtime.Run(["update", "--resources", file, r.Id]);
        return new Empty();
    }

    private async Task<IMessage> Wait(WaitRequest r)
    {
        var process = Find(r.Id, r.ExecId);
        await process.Exited.Task.ConfigureAwait(false);
        return new WaitResponse { ExitStatus = process.ExitStatus, ExitedAt = Timestamp.FromDateTime(process.ExitedAt) };
    }

    private IMessage CloseIO(CloseIORequest r)
    {
        var process = Find(r.Id, r.ExecId);
        if (r.Stdin)
        {
            process.Stdio?.CloseStdin();
            process.Console?.CloseStdin();
        }
        return new Empty();
    }

    private IMessage ResizePty(ResizePtyRequest r)
    {
        Find(r.Id, r.ExecId).Console?.Resize(r.Width, r.Height);
        return new Empty();
    }

    /// <summary>A shim serves one task: once it was deleted (or never created), Shutdown ends the shim.</summary>
    private IMessage Shutdown(ShutdownRequest r)
    {
        lock (_gate)
            if (!r.Now && _init is not null && !_deleted) return new Empty();
        shutdown();
        return new Empty();
    }

    private ShimProcess Find(string id, string execId)
    {
        lock (_gate)
        {
            if (_init is null || _deleted || id != _init.ContainerId) throw new RpcException(RpcCode.NotFound, $"task {id} not found");
            if (execId.Length == 0) return _init;
            return _execs.TryGetValue(execId, out var exec) ? exec : throw new RpcException(RpcCode.NotFound, $"exec {execId} of task {id} not found");
        }
    }
}
