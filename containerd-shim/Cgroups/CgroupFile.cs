using System.Text;
using Linux;
using Linux.Native;

namespace Shim.Cgroups;

/// <summary>Reads and writes cgroup control files with one open/write/close each, so the errno the
/// kernel gives for a refused value (EINVAL, EBUSY, ENOENT) reaches the error unchanged.</summary>
internal static unsafe class CgroupFile
{
    /// <summary>Null on success, else the failure as <c>write VALUE to PATH: ERRNO</c>.</summary>
    public static SysError? Write(string path, string value)
    {
        var fd = Fcntl.open(path, Fcntl.O_WRONLY | Fcntl.O_CLOEXEC, 0);
        if (fd < 0) return SysError.Last($"write {value} to {path}");
        var bytes = Encoding.UTF8.GetBytes(value);
        try
        {
            fixed (byte* p = bytes)
            {
                if (Fcntl.write(fd, p, (nuint)bytes.Length) < 0) return SysError.Last($"write {value} to {path}");
            }
            return null;
        }
        finally { Fcntl.close(fd); }
    }

    /// <summary>The file's text, or null when it cannot be read (the cgroup is gone).</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
