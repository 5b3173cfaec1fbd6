using System.Runtime.InteropServices;

namespace Linux;

/// <summary>An errno value with its symbolic name and the C library's message.</summary>
public readonly record struct Errno(int Value)
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8,
        EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17,
        EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24,
        ENOTTY = 25, ETXTBSY = 26, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EPIPE = 32, ERANGE = 34,
        ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61, EOVERFLOW = 75,
        EOPNOTSUPP = 95, EADDRINUSE = 98, ECONNRESET = 104, ECONNREFUSED = 111, ETIMEDOUT = 110;

    private static readonly string[] Names = BuildNames();

    /// <summary>The errno of the last P/Invoke declared with SetLastError, or of the last Tmds.LibC call.</summary>
    public static Errno Last => new(Marshal.GetLastPInvokeError());

    /// <summary>Tmds.LibC keeps errno in the thread's C errno; read it right after the call.</summary>
    public static Errno FromLibC => new(Tmds.Linux.LibC.errno);

    public string Name => Value >= 0 && Value < Names.Length && Names[Value] is { } n ? n : "E" + Value;

    public string Message => Marshal.GetPInvokeErrorMessage(Value);

    public override string ToString() => $"{Name} ({Message})";

    private static string[] BuildNames()
    {
        var names = new string[134];
        (int, string)[] known =
        [
            (1, "EPERM"), (2, "ENOENT"), (3, "ESRCH"), (4, "EINTR"), (5, "EIO"), (6, "ENXIO"), (7, "E2BIG"),
            (8, "ENOEXEC"), (9, "EBADF"), (10, "ECHILD"), (11, "EAGAIN"), (12, "ENOMEM"), (13, "EACCES"),
            (14, "EFAULT"), (15, "ENOTBLK"), (16, "EBUSY"), (17, "EEXIST"), (18, "EXDEV"), (19, "ENODEV"),
            (20, "ENOTDIR"), (21, "EISDIR"), (22, "EINVAL"), (23, "ENFILE"), (24, "EMFILE"), (25, "ENOTTY"),
            (26, "ETXTBSY"), (27, "EFBIG"), (28, "ENOSPC"), (29, "ESPIPE"), (30, "EROFS"), (31, "EMLINK"),
            (32, "EPIPE"), (33, "EDOM"), (34, "ERANGE"), (35, "EDEADLK"), (36, "ENAMETOOLONG"), (37, "ENOLCK"),
            (38, "ENOSYS"), (39, "ENOTEMPTY"), (40, "ELOOP"), (61, "ENODATA"), (75, "EOVERFLOW"),
            (88, "ENOTSOCK"), (95, "EOPNOTSUPP"), (98, "EADDRINUSE"), (99, "EADDRNOTAVAIL"),
            (104, "ECONNRESET"), (110, "ETIMEDOUT"), (111, "ECONNREFUSED"), (125, "ECANCELED"),
        ];
        foreach (var (value, name) in known) names[value] = name;
        return names;
    }
}
