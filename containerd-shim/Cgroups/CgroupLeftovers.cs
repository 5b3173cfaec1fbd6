using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>
/// The cgroup directories of a container whose supervisor died before removing them (SIGKILL, OOM):
/// <c>delete</c> reads them from the record and removes those still there, deepest first, after
/// killing what is left in them (cgroup.kill on v2; on v1 each pid of cgroup.procs). A parent that
/// another container uses by now stays (EBUSY/ENOTEMPTY); one already gone is fine.
/// </summary>
internal static class CgroupLeftovers
{
    public static IEnumerable<SysError> Remove(IReadOnlyList<string> directories)
    {
        var errors = new List<SysError>();
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var directory = directories[i];
            if (!Directory.Exists(directory)) continue;
            if (File.Exists($"{directory}/cgroup.kill")) ContainerCgroup.KillAll(directory);
            else V1Processes.KillAll([directory]);
            if (CgroupFile.Rmdir(directory) is not { } error) continue;
            if (error.Errno.Value is Errno.EBUSY or Errno.ENOTEMPTY && HasChildren(directory)) continue;
            errors.Add(error);
        }
        return errors;
    }

    private static bool HasChildren(string directory)
    {
        try
        {
            return Directory.EnumerateDirectories(directory).Any();
        }
        catch (IOException)
        {
            return false;
        }
    }
}
