using System.Runtime.InteropServices;
using System.Text;
using Linux.Native;

namespace Linux;

/// <summary>What to start and which fds it gets.</summary>
public sealed class SpawnRequest
{
    public required string Path { get; init; }

    /// <summary>argv, including argv[0].</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The environment as <c>KEY=value</c>; null passes this process's environment on.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>Fds the child gets: (fd in this process, fd number in the child). Stdio is 0, 1, 2.
    /// A child fd not listed is closed in the child (0..2 too: point them at /dev/null if needed).</summary>
    public IReadOnlyList<(int Source, int Target)> Fds { get; init; } = [];

    /// <summary>Start the child in a new session (setsid), so signals to our group don't reach it.</summary>
    public bool NewSession { get; init; } = true;

    public string? WorkingDirectory { get; init; }
}

/// <summary>
/// Starts processes with posix_spawn and nothing else: no managed code ever runs between the
/// fork and the exec (glibc's posix_spawn uses clone(CLONE_VM|CLONE_VFORK) and C code only).
/// Hygiene follows .NET's pal_process.c and tini: every signal reset to default (a .NET parent
/// ignores SIGPIPE, which the child would inherit), an empty signal mask, a new session, the
/// requested fds dup2'ed into place, everything else closed.
/// </summary>
public static unsafe class ChildSpawner
{
    /// <summary>Temporary fds start here, above any target, so the dup2 list can't clobber itself.</summary>
    private const int ScratchFdBase = 100;

    /// <summary>Starts the child; returns its pid, or -1 and an error naming the path.</summary>
    public static int Start(SpawnRequest request, out SysError? error)
    {
        error = null;
        var scratch = new List<int>(request.Fds.Count);
        var attr = NativeMemory.AllocZeroed(Spawn.AttrSize);
        var actions = NativeMemory.AllocZeroed(Spawn.FileActionsSize);
        var sigset = NativeMemory.AllocZeroed(Signal.SigsetSize);
        var strings = new NativeStrings();
        try
        {
            Check(Spawn.posix_spawnattr_init(attr), "posix_spawnattr_init");
            Check(Spawn.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            short flags = Spawn.POSIX_SPAWN_SETSIGDEF | Spawn.POSIX_SPAWN_SETSIGMASK;
            if (request.NewSession) flags |= Spawn.POSIX_SPAWN_SETSID;
            Check(Spawn.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            Signal.sigfillset(sigset);
            Check(Spawn.posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault");
            Signal.sigemptyset(sigset);
            Check(Spawn.posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask");

            var maxTarget = 2;
            foreach (var (source, target) in request.Fds)
            {
                var tmp = Tmds.Linux.LibC.fcntl(source, Tmds.Linux.LibC.F_DUPFD_CLOEXEC, ScratchFdBase);
                if (tmp < 0) { error = SysError.LastLibC($"duplicate fd {source} for {request.Path}"); return -1; }
                scratch.Add(tmp);
                Check(Spawn.posix_spawn_file_actions_adddup2(actions, tmp, target), "posix_spawn_file_actions_adddup2");
                maxTarget = Math.Max(maxTarget, target);
            }
            for (var fd = 0; fd <= 2; fd++)
            {
                if (!request.Fds.Any(f => f.Target == fd))
                    Check(Spawn.posix_spawn_file_actions_addopen(actions, fd, strings.Add("/dev/null"), Tmds.Linux.LibC.O_RDWR, 0),
                        "posix_spawn_file_actions_addopen");
            }
            Check(Spawn.posix_spawn_file_actions_addclosefrom_np(actions, maxTarget + 1), "posix_spawn_file_actions_addclosefrom_np");
            if (request.WorkingDirectory is { } cwd)
                Check(Spawn.posix_spawn_file_actions_addchdir_np(actions, strings.Add(cwd)), "posix_spawn_file_actions_addchdir_np");

            var path = strings.Add(request.Path);
            var argv = strings.AddArray(request.Args);
            var envp = strings.AddArray(request.Env ?? CurrentEnvironment());
            int pid;
            var rc = Spawn.posix_spawn(&pid, path, actions, attr, argv, envp);
            if (rc != 0) { error = new SysError($"spawn {request.Path}", new Errno(rc)); return -1; }
            return pid;
        }
        catch (SysException e)
        {
            error = e.Error.Wrap($"spawn {request.Path}");
            return -1;
        }
        finally
        {
            foreach (var fd in scratch) Tmds.Linux.LibC.close(fd);
            Spawn.posix_spawn_file_actions_destroy(actions);
            Spawn.posix_spawnattr_destroy(attr);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigset);
            strings.Dispose();
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0) throw new SysException(new SysError(what, new Errno(rc)));
    }

    /// <summary>This process's environment as NAME=VALUE strings, what a child gets when no Env is given.</summary>
    public static List<string> CurrentEnvironment()
    {
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env.Add($"{e.Key}={e.Value}");
        return env;
    }
}
