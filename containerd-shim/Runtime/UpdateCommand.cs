using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Linux;
using Linux.Native;
using Shim.Cgroups;

namespace Shim.Runtime;

/// <summary>
/// <c>update [--resources FILE|-] [--memory N] [--pids-limit N] ... ID</c>: new <c>linux.resources</c>
/// for a created or running container, as runc takes them — a runtime-spec resources object (from a
/// file, or stdin with <c>-</c>: what containerd-shim-runc-v2 and podman send), each flag overriding its
/// field. Checked by the same code as at create, so an error names the field; only the fields given are
/// written, into the container's own cgroup. Device rules are not changed (runc leaves them too).
/// </summary>
internal static class UpdateCommand
{
    /// <summary>runc's flags and the field of linux.resources each sets.</summary>
    private static readonly Dictionary<string, (string Section, string Field, bool Text)> Flags = new()
    {
        ["--memory"] = ("memory", "limit", false),
        ["--memory-swap"] = ("memory", "swap", false),
        ["--memory-reservation"] = ("memory", "reservation", false),
        ["--kernel-memory"] = ("memory", "kernel", false),
        ["--kernel-memory-tcp"] = ("memory", "kernelTCP", false),
        ["--cpu-shares"] = ("cpu", "shares", false),
        ["--cpu-quota"] = ("cpu", "quota", false),
        ["--cpu-period"] = ("cpu", "period", false),
        ["--cpu-rt-period"] = ("cpu", "realtimePeriod", false),
        ["--cpu-rt-runtime"] = ("cpu", "realtimeRuntime", false),
        ["--cpuset-cpus"] = ("cpu", "cpus", true),
        ["--cpuset-mems"] = ("cpu", "mems", true),
        ["--blkio-weight"] = ("blockIO", "weight", false),
        ["--pids-limit"] = ("pids", "limit", false),
    };

    public static IReadOnlyCollection<string> FlagNames => Flags.Keys;

    public static int Run(CommandLine command)
    {
        if (Verbs.Find(command) is not var (record, status)) return 1;
        if (status == ContainerStatus.Stopped) return Verbs.Fail(command.Id, "update: container not running");
        if (RunningCgroup.Find(command, record, out var error) is not { } cgroup) return Verbs.Fail(command.Id, error!.Wrap("update"));
        JsonElement resources;
        try
        {
            resources = Resources(command);
        }
        catch (SysException e)
        {
            return Verbs.Fail(command.Id, e.Error.Wrap("update"));
        }
        CgroupRequest? request;
        try
        {
            request = CgroupRequest.From(new Oci.Spec { Linux = new Oci.LinuxSection { Resources = resources } });
        }
        catch (SysException e)
        {
            return Verbs.Fail(command.Id, e.Error.Wrap("update"));
        }
        foreach (var write in request?.Writes ?? [])
            if (Apply(cgroup, write) is { } failed) return Verbs.Fail(command.Id, failed.Wrap("update"));
        return 0;
    }

    private static SysError? Apply(RunningCgroup cgroup, CgroupWrite write)
    {
        if (write.File.StartsWith("devices.", StringComparison.Ordinal)) return null;
        var directory = write.Controller is { } c ? cgroup.DirectoryFor(c) : cgroup.Unified;
        if (directory is null) return SysError.Plain($"{write.Field}: cgroup controller \"{write.Controller}\" is not mounted on this host");
        var error = CgroupFile.Write($"{directory}/{write.File}", write.Value);
        if (error?.Errno.Value == Errno.ENOENT && write.Otherwise is { } fallback)
            error = CgroupFile.Write($"{directory}/{fallback.File}", fallback.Value);
        if (error?.Errno.Value == Errno.ENOENT && write.Optional) return null;
        return error?.Wrap(write.Field);
    }

    private static JsonElement Resources(CommandLine command)
    {
        JsonObject resources = [];
        foreach (var (name, value) in command.Settings)
        {
            if (name is "--resources" or "-r")
            {
                var text = value == "-" ? ReadStdin() : ReadFile(value);
                try
                {
                    resources = JsonNode.Parse(text) as JsonObject ?? throw new SysException(SysError.Plain($"--resources {value}: not a JSON object"));
                }
                catch (JsonException e)
                {
                    throw new SysException(SysError.Plain($"--resources {value}: not JSON: {Oci.JsonProblem.Describe(e)}"));
                }
                continue;
            }
            var (section, field, isText) = Flags[name];
            if (resources[section] is not JsonObject part) resources[section] = part = [];
            part[field] = isText ? JsonValue.Create(value) : JsonValue.Create(Size(name, value));
        }
        return JsonDocument.Parse(resources.ToJsonString()).RootElement.Clone();
    }

    /// <summary>A number, with runc's k/m/g suffixes (powers of 1024) for sizes.</summary>
    private static long Size(string name, string value)
    {
        var text = value.Trim().ToLowerInvariant().TrimEnd('b');
        var unit = text.Length > 0 ? text[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1L } : 1L;
        if (unit != 1) text = text[..^1];
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new SysException(SysError.Plain($"{name}: \"{value}\" is not a number"));
        return n * unit;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"read {path}", ExceptionErrno.Of(e)).Wrap("--resources"));
        }
    }

    private static unsafe string ReadStdin()
    {
        using var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Fcntl.read(0, p, (nuint)buffer.Length);
                if (n < 0 && Errno.Last.Value == Errno.EINTR) continue;
                if (n < 0) throw new SysException(SysError.Last("read stdin").Wrap("--resources -"));
                if (n == 0) break;
                all.Write(buffer, 0, (int)n);
            }
        }
        return System.Text.Encoding.UTF8.GetString(all.ToArray());
    }
}
