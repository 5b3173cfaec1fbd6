using System.Globalization;
using System.Text;
using System.Text.Json;
using Linux;
using ShimV2.Ttrpc;

namespace ShimV2.Serve;

/// <summary>
/// Our runtime's runc command line (docs/runtime-cli.md), driven as containerd-shim-runc-v2 drives runc:
/// <c>--root /run/containerd/cinit/NS --log BUNDLE/runtime.json --log-format json VERB ...</c>. One call at
/// a time (the log file is per call); a failure is the runtime's own error line from that log.
/// </summary>
internal sealed class RuntimeCli(string binary, string root, string logFile)
{
    private readonly Lock _gate = new();

    /// <summary>The runtime next to this binary (out/bin, or wherever both were installed), else
    /// <c>cinit-runtime</c> on PATH (docs/engines.md names it so).</summary>
    public static string Locate()
    {
        var here = Path.GetDirectoryName(Environment.ProcessPath) ?? ".";
        var sibling = Path.Combine(here, "containerd-shim");
        if (File.Exists(sibling)) return sibling;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin").Split(':'))
            if (File.Exists(Path.Combine(dir, "cinit-runtime"))) return Path.Combine(dir, "cinit-runtime");
        throw new RpcException(RpcCode.FailedPrecondition, $"the runtime is missing: neither {sibling} nor cinit-runtime on PATH");
    }

    public string Binary => binary;

    /// <summary>Runs VERB ARGS with <paramref name="stdio"/> as its fds 0..2 (the rest /dev/null); an
    /// <see cref="RpcException"/> naming the verb and the runtime's error when it fails.</summary>
    public void Run(IReadOnlyList<string> args, IReadOnlyList<(int Source, int Target)>? stdio = null) => Call(args, stdio, capture: false);

    /// <summary>
    /// Creates container <paramref name="id"/> and returns its pid: what the runtime's <c>create</c> does, one
    /// process shorter. We start its supervisor ourselves (<c>supervise --reserve</c>: it takes ROOT/ID) with
    /// the container's stdio and a pipe on which it sends the pid once the container waits for start, its
    /// record is saved and its socket listens; end-of-file instead means it failed, as its log says.
    /// The supervisor then waits for <see cref="Start"/> and ends, handing the container to us, its subreaper.
    /// </summary>
    public int Create(string id, string bundle, IReadOnlyList<(int Source, int Target)>? stdio, string? consoleSocket)
    {
        lock (_gate)
        {
            var argv = FreshLogArgv("supervise", "--reserve");
            var report = Pipe.Create("the supervisor's report", out var pipeError) ?? throw new RpcException(RpcCode.Internal, pipeError!.ToString());
            if (consoleSocket is not null) argv.AddRange(["--console-socket", consoleSocket]);
            argv.AddRange([id, bundle, "0", "3"]);
            var fds = new List<(int, int)>(stdio ?? []) { (report.Write, 3) };
            // Its own session, as create gives it: it and the container must not get our terminal's signals.
            var pid = Reaper.Spawn(new SpawnRequest { Path = binary, Args = argv, Fds = fds, NewSession = true }, out var exited, out var error);
            Tmds.Linux.LibC.close(report.Write);
            // One write of a few digits, then the supervisor closes its end: one read has it, or end-of-file.
            var answer = ControlSocket.Receive(report.Read);
            Tmds.Linux.LibC.close(report.Read);
            if (pid < 0) throw new RpcException(RpcCode.Internal, error!.Wrap("start the runtime's supervisor").ToString());
            if (answer is not null && int.TryParse(Encoding.ASCII.GetString(answer), NumberStyles.None, CultureInfo.InvariantCulture, out var containerPid) && containerPid > 0)
                return containerPid;
            throw new RpcException(RpcCode.Unknown, $"{binary} create: {ErrorOf(exited.GetAwaiter().GetResult().Status)}");
        }
    }

    /// <summary>Lets created container <paramref name="id"/> run, as the runtime's <c>start</c> does: "start"
    /// to its supervisor's socket, whose answer says whether it runs (and any poststart hook's warnings).</summary>
    public void Start(string id)
    {
        var answer = ControlSocket.Request(ControlSocket.PathIn(root, id), "start"u8, out var error);
        if (error is not null) throw new RpcException(RpcCode.FailedPrecondition, $"start {id}: {error} (its supervisor is gone: did the container's setup end?)");
        if (answer is not { Length: > 0 })
            throw new RpcException(RpcCode.Unknown, $"start {id}: the runtime's supervisor ended without an answer");
        var text = Encoding.UTF8.GetString(answer, 1, answer.Length - 1);
        if (answer[0] != 0) throw new RpcException(RpcCode.Unknown, $"{binary} start: {text}");
        if (text.Length > 0) Log.Write($"start {id}: {text}");
    }

    /// <summary>Runs VERB ARGS and returns what it printed on stdout.</summary>
    public string Output(IReadOnlyList<string> args) => Call(args, null, capture: true);

    private string Call(IReadOnlyList<string> args, IReadOnlyList<(int Source, int Target)>? stdio, bool capture)
    {
        lock (_gate)
        {
            var argv = FreshLogArgv([.. args]);
            var fds = new List<(int, int)>(stdio ?? []);
            Pipe? output = null;
            if (capture)
            {
                output = Pipe.Create("runtime stdout", out var pipeError) ?? throw new RpcException(RpcCode.Internal, pipeError!.ToString());
                fds.Add((output.Value.Write, 1));
            }
            var pid = Reaper.Spawn(new SpawnRequest { Path = binary, Args = argv, Fds = fds }, out var exited, out var error);
            var printed = "";
            if (output is { } o)
            {
                Tmds.Linux.LibC.close(o.Write);
                printed = ReadAll(o.Read);
                Tmds.Linux.LibC.close(o.Read);
            }
            if (pid < 0) throw new RpcException(RpcCode.Internal, error!.ToString());
            var exit = exited.GetAwaiter().GetResult();
            if (!exit.Status.Success)
                throw new RpcException(RpcCode.Unknown, $"{binary} {args[0]}: {ErrorOf(exit.Status)}");
            return printed;
        }
    }

    /// <summary>The command line of one call, <c>--root</c> and the JSON log first; the log is emptied, so
    /// what it holds afterwards is this call's.</summary>
    private List<string> FreshLogArgv(params string[] verb)
    {
        File.WriteAllText(logFile, "");
        return [binary, "--root", root, "--log", logFile, "--log-format", "json", .. verb];
    }

    /// <summary>The runtime's error lines in its JSON log, else how it ended.</summary>
    private string ErrorOf(ExitStatus status)
    {
        var messages = new List<string>();
        try
        {
            foreach (var line in File.ReadLines(logFile))
            {
                if (line.Length == 0) continue;
                using var record = JsonDocument.Parse(line);
                if (record.RootElement.TryGetProperty("msg", out var msg) && msg.GetString() is { Length: > 0 } m) messages.Add(m);
            }
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
        }
        return messages.Count > 0 ? string.Join("; ", messages) : status.ToString();
    }

    private static unsafe string ReadAll(int fd)
    {
        var bytes = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            nint n;
            fixed (byte* b = buffer) n = (nint)Tmds.Linux.LibC.read(fd, b, buffer.Length);
            if (n < 0 && Tmds.Linux.LibC.errno == Errno.EINTR) continue;
            if (n <= 0) break;
            bytes.Write(buffer, 0, (int)n);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
