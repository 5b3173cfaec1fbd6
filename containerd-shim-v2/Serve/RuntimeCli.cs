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

    /// <summary>Runs VERB ARGS and returns what it printed on stdout.</summary>
    public string Output(IReadOnlyList<string> args) => Call(args, null, capture: true);

    private string Call(IReadOnlyList<string> args, IReadOnlyList<(int Source, int Target)>? stdio, bool capture)
    {
        lock (_gate)
        {
            File.WriteAllText(logFile, "");
            var argv = new List<string> { binary, "--root", root, "--log", logFile, "--log-format", "json" };
            argv.AddRange(args);
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
