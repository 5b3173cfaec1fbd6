using System.Globalization;
using Linux;
using Linux.Native;
using Shim.Runtime;

namespace Shim.Hooks;

/// <summary>
/// Runs one kind of config.json hook, in order (runtime-spec config.md "POSIX-platform Hooks"): each
/// gets the container's state JSON on stdin, exactly its own args (args[0] is its argv[0]) and env
/// (none when absent), our stderr as its stdout and stderr (its output must never mix into the
/// container's stdout), and is killed when it outlives its <c>timeout</c>. The first failure stops the
/// list and is returned as <c>KIND[N] PATH: why</c>.
/// </summary>
internal static unsafe class HookRunner
{
    /// <summary>The state is written into the pipe before the hook starts, so it must fit the pipe's
    /// buffer (64 KiB on Linux); a state this large means annotations far beyond any real use.</summary>
    private const int MaxState = 60 * 1024;

    public static SysError? Run(string kind, IReadOnlyList<Oci.Hook>? hooks, byte[] state)
    {
        for (var i = 0; i < (hooks?.Count ?? 0); i++)
        {
            var error = RunOne(hooks![i], state);
            if (error is not null) return error.Wrap($"{kind}[{i}] {hooks[i].Path}");
        }
        return null;
    }

    /// <summary>poststart and poststop: a failure is only a warning and "the remaining hooks and
    /// lifecycle continue as if the hook had succeeded" (runtime-spec runtime.md), so every hook runs;
    /// the failures come back as one warning line each.</summary>
    public static IReadOnlyList<SysError> RunEach(string kind, IReadOnlyList<Oci.Hook>? hooks, byte[] state)
    {
        var failures = new List<SysError>();
        for (var i = 0; i < (hooks?.Count ?? 0); i++)
            if (RunOne(hooks![i], state) is { } error) failures.Add(error.Wrap($"{kind}[{i}] {hooks[i].Path}"));
        return failures;
    }

    private static SysError? RunOne(Oci.Hook hook, byte[] state)
    {
        if (hook.Timeout is <= 0) return SysError.Plain($"timeout must be above 0 seconds, not {hook.Timeout}");
        if (state.Length > MaxState) return SysError.Plain($"state of {state.Length} bytes is too large for a hook's stdin");
        if (Pipe.Create("hook stdin", out var pipeError) is not { } pipe) return pipeError;
        var failed = WriteAll(pipe.Write, state);
        Fcntl.close(pipe.Write);
        if (failed is not null) { Fcntl.close(pipe.Read); return failed; }
        var hasStderr = Fcntl.fcntl(2, Fcntl.F_GETFD, 0) >= 0;
        var pid = ChildSpawner.Start(new SpawnRequest
        {
            Path = hook.Path,
            Args = hook.Args is { Count: > 0 } args ? args : [hook.Path],
            Env = hook.Env ?? [],
            Fds = hasStderr ? [(pipe.Read, 0), (2, 1), (2, 2)] : [(pipe.Read, 0)],
        }, out var spawnError);
        Fcntl.close(pipe.Read);
        if (pid < 0) return spawnError;
        if (hook.Timeout is { } seconds && !ProcessWait.ForExit(pid, checked(seconds * 1000)))
        {
            Signal.kill(pid, Signal.SIGKILL);
            ProcessWait.Reap(pid, out _);
            return SysError.Plain(string.Create(CultureInfo.InvariantCulture, $"timed out after {seconds} s (killed)"));
        }
        var status = ProcessWait.Reap(pid, out var waitError);
        if (waitError is not null) return waitError;
        return status.Success ? null : SysError.Plain(status.ToString());
    }

    private static SysError? WriteAll(int fd, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            var done = 0;
            while (done < bytes.Length)
            {
                var n = Fcntl.write(fd, p + done, (nuint)(bytes.Length - done));
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n <= 0) return SysError.Last("write the state to a hook's stdin");
                done += (int)n;
            }
        }
        return null;
    }
}
