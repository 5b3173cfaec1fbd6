using System.Globalization;
using Linux;

namespace Shim.Stage1;

/// <summary>
/// Maps given with a user namespace joined by path: runc 1.1 requires them even then and lets the
/// namespace's own apply, so a bundle written for runc has them. They must be the namespace's own:
/// checked where the path names a process's namespace (/proc/PID/ns/user), whose maps can be read;
/// any other path (a bind-mounted namespace) has no readable maps and its config is taken as given.
/// </summary>
internal static class JoinedUserMaps
{
    public static SysError? Check(string path, Oci.LinuxSection? linux)
    {
        var parts = path.Split('/');
        if (parts is not ["", "proc", var pid, "ns", "user"] || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return null;
        return Compare($"/proc/{pid}/uid_map", "linux.uidMappings", linux?.UidMappings, path)
            ?? Compare($"/proc/{pid}/gid_map", "linux.gidMappings", linux?.GidMappings, path);
    }

    private static SysError? Compare(string file, string field, IReadOnlyList<Oci.IdMapping>? given, string path)
    {
        if (given is not { Count: > 0 }) return null;
        string[] actual;
        try
        {
            actual = [.. File.ReadAllLines(file).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"read {file}", ExceptionErrno.Of(e));
        }
        string[] wanted = [.. given.Select(m => $"{m.ContainerId} {m.HostId} {m.Size}").Order(StringComparer.Ordinal)];
        return actual.SequenceEqual(wanted) ? null
            : SysError.Plain($"{field}: [{string.Join(", ", wanted)}] are not the maps of the joined user namespace {path} ([{string.Join(", ", actual)}])");
    }
}
