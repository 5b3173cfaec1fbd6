namespace Linux;

/// <summary>
/// A failed system operation: errno, the operation and its target, plus the context gained on the way
/// up (crun's libcrun_error_t). Printed as e.g.
/// <c>service web: create container: mount tmpfs on /run: EBUSY (Device or resource busy)</c>.
/// Values, not exceptions: expected failures are returned and handled at the call site.
/// </summary>
public sealed class SysError
{
    public SysError(string operation, Errno errno, string? context = null)
    {
        Operation = operation;
        Errno = errno;
        Context = context;
    }

    /// <summary>What was attempted, with its target: <c>mount tmpfs on /run</c>.</summary>
    public string Operation { get; }

    /// <summary>The errno; <c>0</c> for failures that are not syscalls (bad input, protocol).</summary>
    public Errno Errno { get; }

    /// <summary>Outer context, outermost first: <c>service web: create container</c>.</summary>
    public string? Context { get; }

    /// <summary>Captures errno of the P/Invoke that just failed (declared with SetLastError).</summary>
    public static SysError Last(string operation) => new(operation, Errno.Last);

    /// <summary>Captures errno of the Tmds.LibC call that just failed.</summary>
    public static SysError LastLibC(string operation) => new(operation, Errno.FromLibC);

    /// <summary>What a caught I/O exception means, as operation + errno (<see cref="ExceptionErrno"/>); a
    /// <see cref="SysException"/> keeps its own error, with <paramref name="operation"/> as context.</summary>
    public static SysError Of(string operation, Exception e) =>
        e is SysException s ? s.Error.Wrap(operation) : new(operation, ExceptionErrno.Of(e));

    /// <summary>A failure without errno (bad input, a broken protocol message).</summary>
    public static SysError Plain(string message) => new(message, default);

    /// <summary>Adds outer context: <c>err.Wrap("service web")</c>.</summary>
    public SysError Wrap(string context) =>
        new(Operation, Errno, Context is null ? context : context + ": " + Context);

    public override string ToString()
    {
        var inner = Errno.Value == 0 ? Operation : $"{Operation}: {Errno}";
        return Context is null ? inner : Context + ": " + inner;
    }
}

/// <summary>
/// Carries a <see cref="SysError"/> through code where unwinding is the clearest control flow
/// (a container setup that must stop at the first failure). Catch it at the stage boundary.
/// </summary>
public sealed class SysException(SysError error) : Exception(error.ToString())
{
    public SysError Error { get; } = error;
}
