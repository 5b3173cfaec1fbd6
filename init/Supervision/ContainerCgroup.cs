using System.Text;
using System.Text.Json;
using Linux;
using Linux.Native;

namespace Pid1.Supervision;

/// <summary>
/// The cgroup v2 directory a container runs in, found from its bundle the way the shim finds it
/// (<c>linux.cgroupsPath</c>, else <c>/containers/ID</c> when <c>linux.resources</c> has anything in it;
/// docs/cgroups.md), and what init does with it when a shim ends while its container still runs: a shim
/// killed with SIGKILL leaves the container reparented to PID 1, and only its cgroup still names all of it.
/// The builder gives every container a cgroupsPath for this (docs/image-layout.md).
/// </summary>
internal static class ContainerCgroup
{
    /// <summary>How long a cgroup.kill may take to show as "populated 0" before init gives up on it.</summary>
    public static readonly TimeSpan EmptyBound = TimeSpan.FromSeconds(5);

    /// <summary>The host directory of the bundle's cgroup; null when it gets none, or with
    /// <paramref name="error"/> when config.json cannot be read or its cgroupsPath is one the shim refuses.</summary>
    public static string? DirectoryOf(ContainerBundle bundle, out SysError? error)
    {
        var path = Path.Combine(bundle.Dir, "config.json");
        byte[] config;
        try { config = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = SysError.Of($"read {path}", e);
            return null;
        }
        return DirectoryOf(config, bundle.Name, out error, path);
    }

    internal static string? DirectoryOf(ReadOnlySpan<byte> config, string id, out SysError? error, string file = "config.json", string root = Boot.Cgroup2Mount.Target)
    {
        error = null;
        JsonElement linux;
        try
        {
            var reader = new Utf8JsonReader(config);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (!doc.RootElement.TryGetProperty("linux", out var l) || l.ValueKind != JsonValueKind.Object) return null;
            linux = l.Clone();
        }
        catch (JsonException e)
        {
            error = SysError.Plain(Oci.InitPolicyJson.Describe(e)).Wrap($"read {file}");
            return null;
        }
        if (linux.TryGetProperty("cgroupsPath", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } asked)
        {
            if (Oci.CgroupsPath.Normalize(asked, out var refusal) is { } below) return root + below;
            error = SysError.Plain(Oci.CgroupsPath.Describe(asked, refusal)).Wrap(file);
            return null;
        }
        var asks = linux.TryGetProperty("resources", out var r) && r.ValueKind == JsonValueKind.Object && r.EnumerateObject().Any();
        return asks ? $"{root}{Oci.ImagePaths.CgroupParent}/{id}" : null;
    }

    /// <summary>cgroup.events says "populated 1": some process is still in the group or below it. A group
    /// that cannot be read (gone: ENOENT) holds nothing init can reach.</summary>
    public static bool IsPopulated(string directory) =>
        Read($"{directory}/cgroup.events", out _)?.Contains("populated 1", StringComparison.Ordinal) == true;

    /// <summary>SIGKILL to every process in the group: cgroup.kill (Linux 5.14+), else each pid of cgroup.procs.</summary>
    public static SysError? Kill(string directory)
    {
        var error = Write($"{directory}/cgroup.kill", "1");
        if (error?.Errno.Value != Errno.ENOENT) return error;
        if (Read($"{directory}/cgroup.procs", out var unread) is not { } procs) return unread;
        foreach (var line in procs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, out var pid)) Signal.kill(pid, Signal.SIGKILL);
        return null;
    }

    /// <summary>Kills what is in the group and waits, handling no events meanwhile, until it is empty; then
    /// removes it, since the shim that made it is gone. Null when the group ended empty.</summary>
    public static async Task<SysError?> EmptyAsync(string directory)
    {
        if (Kill(directory) is { } error) return error;
        var deadline = Environment.TickCount64 + (long)EmptyBound.TotalMilliseconds;
        for (var round = 1; IsPopulated(directory); round++)
        {
            if (Environment.TickCount64 > deadline) return SysError.Plain($"{directory} still has processes {EmptyBound.TotalSeconds} s after SIGKILL");
            // Without cgroup.kill a process may fork between reading cgroup.procs and its SIGKILL: again.
            if (round % 10 == 0) Kill(directory);
            await Task.Delay(10).ConfigureAwait(false);
        }
        return Rmdir(directory);
    }

    /// <summary>Gone already, or still used by another group or process (a path two bundles share): fine.</summary>
    private static unsafe SysError? Rmdir(string directory)
    {
        var bytes = Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
            if (Tmds.Linux.LibC.rmdir(p) != 0 && Errno.FromLibC.Value is not (Errno.ENOENT or Errno.EBUSY or Errno.ENOTEMPTY))
                return SysError.LastLibC($"rmdir {directory}");
        return null;
    }

    private static string? Read(string path, out SysError? error)
    {
        error = null;
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = SysError.Of($"read {path}", e);
            return null;
        }
    }

    private static unsafe SysError? Write(string path, string value)
    {
        var fd = Fcntl.open(path, Fcntl.O_WRONLY | Fcntl.O_CLOEXEC, 0);
        if (fd < 0) return SysError.Last($"write {value} to {path}");
        var bytes = Encoding.ASCII.GetBytes(value);
        try
        {
            fixed (byte* b = bytes)
                return Fcntl.write(fd, b, (nuint)bytes.Length) < 0 ? SysError.Last($"write {value} to {path}") : null;
        }
        finally { Fcntl.close(fd); }
    }
}
