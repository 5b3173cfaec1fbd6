using static Tmds.Linux.LibC;

namespace ShimV2.Serve;

/// <summary>
/// Copies containerd's stdin FIFO into a process (its stdin pipe, or a pty master) on a thread of its own.
/// The FIFO is opened blocking, so the open waits for containerd's writer (ctr opens it only once the task
/// exists) and the process reads end-of-file only when that writer closed — what containerd/fifo gives
/// containerd-shim-runc-v2. ctr may read its own stdin to the end before it knows the task, and then never
/// sends CloseIO: end-of-file on the FIFO must be enough. CloseIO releases an open still waiting.
/// </summary>
internal sealed class StdinFeeder
{
    private readonly string _fifo;
    private volatile bool _connected;

    private StdinFeeder(string fifo) => _fifo = fifo;

    /// <summary>Starts feeding <paramref name="to"/>; closes it at the end when <paramref name="closeTo"/>.</summary>
    public static StdinFeeder Start(string fifo, int to, bool closeTo)
    {
        var feeder = new StdinFeeder(fifo);
        new Thread(() =>
        {
            try
            {
                var from = Fd.Open(fifo, O_RDONLY, "stdin");
                feeder._connected = true;
                Fd.Copy(from, to);
                close(from);
            }
            catch (Ttrpc.RpcException e)
            {
                Log.Write(e.Message);
            }
            if (closeTo) close(to);
        }) { IsBackground = true, Name = "stdin" }.Start();
        return feeder;
    }

    /// <summary>CloseIO: when no writer ever came, one of ours comes and goes, so the open returns and the
    /// process reads end-of-file.</summary>
    public void Close()
    {
        if (_connected) return;
        try
        {
            var writer = Fd.Open(_fifo, O_WRONLY | O_NONBLOCK, "stdin");
            close(writer);
        }
        catch (Ttrpc.RpcException)
        {
            // ENXIO: the feeder's open is not waiting (yet, or any more)
        }
    }
}
