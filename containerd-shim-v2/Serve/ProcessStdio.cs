using Linux;
using ShimV2.Ttrpc;
using static Tmds.Linux.LibC;

namespace ShimV2.Serve;

/// <summary>
/// A process's stdio from the FIFOs containerd names in Create and Exec (an empty name is /dev/null).
/// stdout and stderr: the FIFO itself, opened read-write so the open never waits for containerd's reader
/// and a write never meets a FIFO without one (containerd-shim-runc-v2 keeps a reader open for the same
/// reason); our copy is closed once the process has it, so containerd sees end-of-file when the process ends.
/// stdin goes through a pipe fed by a <see cref="StdinFeeder"/>.
/// </summary>
internal sealed class ProcessStdio : IDisposable
{
    private StdinFeeder? _feeder;
    private readonly string _stdin;
    private int _stdinPipeRead = -1, _stdinPipeWrite = -1, _stdout = -1, _stderr = -1;

    private ProcessStdio(string stdin) => _stdin = stdin;

    public static ProcessStdio Open(string stdin, string stdout, string stderr)
    {
        var stdio = new ProcessStdio(stdin);
        try
        {
            if (stdout.Length > 0) stdio._stdout = Fd.Open(PathOf(stdout), O_RDWR, "stdout");
            if (stderr.Length > 0) stdio._stderr = stderr == stdout ? stdio._stdout : Fd.Open(PathOf(stderr), O_RDWR, "stderr");
            if (stdin.Length > 0)
            {
                var pipe = Pipe.Create("stdin", out var error) ?? throw new RpcException(RpcCode.Internal, error!.ToString());
                (stdio._stdinPipeRead, stdio._stdinPipeWrite) = (pipe.Read, pipe.Write);
            }
            return stdio;
        }
        catch
        {
            stdio.Dispose();
            throw;
        }
    }

    /// <summary>containerd may name a file:// or a plain path; both are opened as paths.</summary>
    private static string PathOf(string uri) => uri.StartsWith("file://", StringComparison.Ordinal) ? uri["file://".Length..] : uri;

    /// <summary>(our fd, the process's fd) for each stream that is not /dev/null.</summary>
    public IReadOnlyList<(int Source, int Target)> Fds
    {
        get
        {
            var fds = new List<(int, int)>();
            if (_stdinPipeRead >= 0) fds.Add((_stdinPipeRead, 0));
            if (_stdout >= 0) fds.Add((_stdout, 1));
            if (_stderr >= 0) fds.Add((_stderr, 2));
            return fds;
        }
    }

    /// <summary>The process has its ends: drop ours, and start feeding stdin.</summary>
    public void Handed()
    {
        if (_stderr == _stdout) _stderr = -1;
        Fd.Close(ref _stdout);
        Fd.Close(ref _stderr);
        Fd.Close(ref _stdinPipeRead);
        if (_stdinPipeWrite < 0) return;
        _feeder = StdinFeeder.Start(_stdin, _stdinPipeWrite, closeTo: true);
        _stdinPipeWrite = -1;
    }

    public void CloseStdin() => _feeder?.Close();

    public void Dispose()
    {
        if (_stderr == _stdout) _stderr = -1;
        Fd.Close(ref _stdout);
        Fd.Close(ref _stderr);
        Fd.Close(ref _stdinPipeRead);
        Fd.Close(ref _stdinPipeWrite);
    }
}
