using System.Net.Sockets;

namespace Linux;

/// <summary>The errno behind a .NET I/O exception. In our trimmed builds an exception's message is a
/// resource key (docs/facts.md), so the errno is what tells a user why; init and the shim show that.</summary>
public static class ExceptionErrno
{
    /// <summary>An exception that was not expected (a bug), in words a trimmed build can show: a
    /// <see cref="SysException"/>'s error, an I/O exception's type and errno, else its type alone (its
    /// message would be a resource key).</summary>
    public static string Describe(Exception e) => e switch
    {
        SysException s => s.Error.ToString(),
        IOException or UnauthorizedAccessException or SocketException => $"{e.GetType().Name}: {Of(e)}",
        _ => e.GetType().FullName ?? e.GetType().Name,
    };

    public static Errno Of(Exception e) => e switch
    {
        SysException s => s.Error.Errno,
        FileNotFoundException or DirectoryNotFoundException => new Errno(Errno.ENOENT),
        UnauthorizedAccessException => new Errno(Errno.EACCES),
        PathTooLongException => new Errno(Errno.ENAMETOOLONG),
        // On Unix the runtime puts the raw errno of a failed call into a plain IOException's HResult,
        // and a SocketException's NativeErrorCode is the platform's errno too.
        IOException when e.HResult is > 0 and < 134 => new Errno(e.HResult),
        SocketException s when s.NativeErrorCode is > 0 and < 134 => new Errno(s.NativeErrorCode),
        _ => new Errno(Errno.EIO),
    };
}
