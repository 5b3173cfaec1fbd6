using Linux;

namespace Shim;

/// <summary>The errno behind a .NET file API exception (its messages are resource keys in this
/// trimmed build, so the errno is what tells a user why).</summary>
internal static class ExceptionErrno
{
    public static Errno Of(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new Errno(Errno.ENOENT),
        UnauthorizedAccessException => new Errno(Errno.EACCES),
        PathTooLongException => new Errno(Errno.ENAMETOOLONG),
        // On Unix the runtime puts the raw errno of a failed call into a plain IOException's HResult.
        IOException when e.HResult is > 0 and < 134 => new Errno(e.HResult),
        _ => new Errno(Errno.EIO),
    };
}
