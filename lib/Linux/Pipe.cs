namespace Linux;

/// <summary>A close-on-exec pipe: the child gets an end only through an explicit spawn fd mapping.</summary>
public readonly record struct Pipe(int Read, int Write)
{
    /// <summary>Null with <paramref name="error"/> naming <paramref name="purpose"/> when pipe2 fails.</summary>
    public static unsafe Pipe? Create(string purpose, out SysError? error)
    {
        var fds = stackalloc int[2];
        if (Tmds.Linux.LibC.pipe2(fds, Tmds.Linux.LibC.O_CLOEXEC) != 0)
        {
            error = SysError.LastLibC("pipe2 for " + purpose);
            return null;
        }
        error = null;
        return new Pipe(fds[0], fds[1]);
    }
}
