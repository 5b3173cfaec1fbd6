using System.Text.Json;
using Linux;
using Linux.Native;

namespace Shim.Runtime;

/// <summary>
/// <c>--root</c>: one directory per container, <c>ROOT/ID/</c>, holding <c>state.json</c> (the
/// <see cref="ContainerRecord"/>), <c>config.json</c> (the bundle's config as it was at create, for
/// delete's poststop hooks and for exec) and, while the container waits for <c>start</c>, the
/// supervisor's socket <c>shim.sock</c>. The directory's existence is the ID's reservation.
/// </summary>
internal sealed class StateDirectory(string root)
{
    public string Root { get; } = root;

    public string DirOf(string id) => Path.Combine(Root, id);

    public string ConfigFile(string id) => Path.Combine(Root, id, "config.json");

    public string SocketPath(string id) => ControlSocket.PathIn(Root, id);

    private string StateFile(string id) => Path.Combine(Root, id, "state.json");

    /// <summary>Creates ROOT/ID; fails when the ID is taken (mkdir's EEXIST is the lock).</summary>
    public SysError? Reserve(string id)
    {
        // Its missing parents too, as runc makes them (Docker's exec-root, podman's runroot).
        if (Path.GetDirectoryName(Root) is { } parent && !Directory.Exists(parent))
        {
            try
            {
                Directory.CreateDirectory(parent);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new SysError($"mkdir {parent}", ExceptionErrno.Of(e));
            }
        }
        if (Stat.mkdir(Root, 0x1c9) < 0 && Errno.Last.Value != Errno.EEXIST)
            return SysError.Last($"mkdir {Root}");
        if (Stat.mkdir(DirOf(id), 0x1c0) == 0) return null;
        var error = SysError.Last($"mkdir {DirOf(id)}");
        return error.Errno.Value == Errno.EEXIST ? SysError.Plain($"container {id} already exists") : error;
    }

    /// <summary>Whole or not at all: a reader sees the old record or the new one, never half of one.</summary>
    public SysError? Write(ContainerRecord record)
    {
        var path = StateFile(record.Id);
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, RuntimeJsonContext.Default.ContainerRecord));
            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"write {path}", ExceptionErrno.Of(e));
        }
    }

    /// <summary>Null with an error that a user can act on: no such container, or a damaged record.</summary>
    public ContainerRecord? Read(string id, out SysError? error)
    {
        error = null;
        var path = StateFile(id);
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), RuntimeJsonContext.Default.ContainerRecord);
            if (record is not null) return record;
            error = SysError.Plain($"{path}: empty state");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = Directory.Exists(DirOf(id))
                ? SysError.Plain($"container {id} is still being created")
                : SysError.Plain($"container {id} does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new SysError($"read {path}", ExceptionErrno.Of(e));
        }
        catch (JsonException)
        {
            error = SysError.Plain($"{path}: not a state file of this runtime");
        }
        return null;
    }

    /// <summary>The IDs under the root, sorted; none when the root does not exist yet.</summary>
    public IReadOnlyList<string> Ids()
    {
        if (!Directory.Exists(Root)) return [];
        return [.. Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }

    public SysError? Remove(string id)
    {
        try
        {
            Directory.Delete(DirOf(id), recursive: true);
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"remove {DirOf(id)}", ExceptionErrno.Of(e));
        }
    }
}
