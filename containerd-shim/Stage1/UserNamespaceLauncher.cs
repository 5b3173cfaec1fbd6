using System.Globalization;
using Linux;
using Linux.Native;
using Shim.Cgroups;
using Shim.Config;
using Shim.Runtime;

namespace Shim.Stage1;

/// <summary>
/// Starts stage 2 in a user namespace (new, or joined by path) through Native/clone_spawn.c: the kernel
/// refuses CLONE_NEWUSER and setns into a user namespace to a multi-threaded process, so the clone and
/// everything up to the execve are C. While the child waits, this side does what only the host's root
/// can: the id maps, the move into the container's cgroup (its cgroup.procs belongs to the host's
/// root, not to the container's), the OOM score and rlimits (lowering one or raising a hard limit
/// needs CAP_SYS_RESOURCE of the host); stage 2's own writes of the same values then pass.
/// </summary>
internal static unsafe class UserNamespaceLauncher
{
    /// <summary>Called on the launcher thread, after a pid namespace given by path was joined.</summary>
    public static int Start(string id, ContainerConfig config, SpawnRequest spawn, int flags, int execTarget, out SysError? error)
    {
        var userPath = config.Namespaces.UserPath;
        var userFd = -1;
        if (userPath is not null && JoinedUserMaps.Check(userPath, config.Spec.Linux) is { } mapsError)
        {
            error = mapsError;
            return -1;
        }
        if (userPath is not null && (userFd = Fcntl.open(userPath, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0)) < 0)
        {
            error = SysError.Last($"open {userPath}");
            return -1;
        }
        int pid, control, step, errno;
        using (var strings = new NativeStrings())
        {
            var fds = spawn.Fds.SelectMany(f => new[] { f.Source, f.Target }).ToArray();
            fixed (int* fdPairs = fds)
            {
                var request = new CloneSpawn.Request
                {
                    Path = strings.Add(spawn.Path),
                    Argv = strings.AddArray(spawn.Args),
                    Envp = strings.AddArray(spawn.Env ?? ChildSpawner.CurrentEnvironment()),
                    Fds = fdPairs,
                    FdCount = spawn.Fds.Count,
                    // A new user namespace comes with the clone, so it owns every namespace made with it;
                    // a joined one must be entered first and the rest made inside it.
                    CloneFlags = userFd < 0 ? flags : 0,
                    UsernsFd = userFd,
                    UnshareFlags = userFd < 0 ? 0 : flags,
                };
                pid = CloneSpawn.Start(&request, &control, &step, &errno);
            }
        }
        if (userFd >= 0) Fcntl.close(userFd);
        if (pid < 0)
        {
            error = StepError((CloneSpawn.Step)step, errno, flags, userPath);
            return -1;
        }
        error = PrepareChild(pid, id, config, execTarget);
        if (error is null && CloneSpawn.Release(control, &step, &errno) == 0) return pid;
        if (error is null) error = StepError((CloneSpawn.Step)step, errno, flags, userPath);
        else
        {
            Signal.kill(pid, Signal.SIGKILL);
            Fcntl.close(control);
        }
        ProcessWait.Reap(pid, out _);
        return -1;
    }

    /// <summary>What the host's root does for the waiting child; the first failure, or null.</summary>
    private static SysError? PrepareChild(int pid, string id, ContainerConfig config, int execTarget)
    {
        var linux = config.Spec.Linux;
        if (config.Namespaces.NewUser
            && (IdMapFile.Write(pid, "uid_map", linux?.UidMappings) ?? IdMapFile.Write(pid, "gid_map", linux?.GidMappings)) is { } mapError)
            return mapError.Wrap("user namespace");
        if (config.WritableLayer && execTarget == 0 && LayerDirectory(id, pid) is { } layerError)
            return layerError.Wrap("writable layer");
        if (CgroupJoin.Move(config, id, execTarget, pid.ToString(CultureInfo.InvariantCulture)) is { } cgroupError)
            return cgroupError.Wrap("cgroup");
        if (config.Process.OomScoreAdj is { } adj
            && WriteProcFile($"/proc/{pid}/oom_score_adj", adj.ToString(CultureInfo.InvariantCulture)) is { } oomError)
            return oomError.Wrap($"oomScoreAdj {adj}");
        foreach (var r in config.Process.Rlimits ?? [])
        {
            var limit = new Resource.rlimit { rlim_cur = r.Soft, rlim_max = r.Hard };
            if (Resource.prlimit(pid, Resource.FromName(r.Type), &limit, null) < 0)
                return SysError.Last($"prlimit {pid} {r.Type} {r.Soft}/{r.Hard}");
        }
        return null;
    }

    /// <summary>The writable layer's mount point (Stage2/RootfsMount), made here for the container's
    /// root, who may not create it in the host's /run/containers.</summary>
    private static SysError? LayerDirectory(string id, int pid)
    {
        uint? gid = null;
        if ((RootOf(pid, "uid_map", out var uid) ?? RootOf(pid, "gid_map", out gid)) is { } error) return error;
        var dir = Oci.ImagePaths.LayerDirectory(id);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"mkdir {dir}", ExceptionErrno.Of(e));
        }
        if (uid is not null && gid is not null && Unistd.fchownat(Fcntl.AT_FDCWD, dir, uid.Value, gid.Value, 0) < 0)
            return SysError.Last($"chown {dir} {uid}:{gid}");
        return null;
    }

    /// <summary>The host id that id 0 of <paramref name="pid"/>'s user namespace maps to (null: unmapped).</summary>
    private static SysError? RootOf(int pid, string file, out uint? host)
    {
        host = null;
        var path = $"/proc/{pid}/{file}";
        try
        {
            foreach (var line in File.ReadAllLines(path))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length == 3 && f[0] == "0")
                    host = uint.Parse(f[1], CultureInfo.InvariantCulture);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"read {path}", ExceptionErrno.Of(e));
        }
    }

    private static SysError? WriteProcFile(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"write {path}", ExceptionErrno.Of(e));
        }
    }

    private static SysError StepError(CloneSpawn.Step step, int errno, int flags, string? userPath)
    {
        var operation = step switch
        {
            CloneSpawn.Step.Socket => "socketpair",
            CloneSpawn.Step.Clone => $"clone 0x{flags:x}",
            CloneSpawn.Step.SetnsUser => $"setns {userPath}",
            CloneSpawn.Step.Unshare => $"unshare 0x{flags:x} in the user namespace {userPath}",
            CloneSpawn.Step.ClonePid => "clone the first process of the new pid namespace",
            CloneSpawn.Step.Setgroups => "setgroups [] in the user namespace",
            CloneSpawn.Step.Setresgid => "setresgid 0 (root of the user namespace: linux.gidMappings must map gid 0)",
            CloneSpawn.Step.Setresuid => "setresuid 0 (root of the user namespace: linux.uidMappings must map uid 0)",
            CloneSpawn.Step.Setsid => "setsid",
            CloneSpawn.Step.Fds => "move fds into place",
            CloneSpawn.Step.Exec => "exec /proc/self/exe",
            CloneSpawn.Step.Wait => "release the stage 2 child",
            _ => $"clone_spawn step {(int)step}",
        };
        return new SysError(operation, new Errno(errno), "user namespace");
    }
}
