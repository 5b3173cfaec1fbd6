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

    /// <summary>Removes a cgroup directory. Null when it is gone (already gone counts), else
    /// <c>rmdir PATH: ERRNO</c> (EBUSY while processes are in it, ENOTEMPTY with child groups).</summary>
    public static SysError? Rmdir(string directory)
    {
        var bytes = Encoding.UTF8.GetBytes(directory + "\0");
        fixed (byte* p = bytes)
        {
            if (Tmds.Linux.LibC.rmdir(p) == 0) return null;
            var errno = Errno.FromLibC;
            return errno.Value == Errno.ENOENT ? null : new SysError($"rmdir {directory}", errno);
        }
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
