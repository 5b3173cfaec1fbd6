using System.IO.Pipes;
using Pid1.Logs;

namespace Pid1.Supervision;

/// <summary>
/// Reads a container's output line by line, appends each line with its time to /var/log/NAME.log
/// (<see cref="RotatingLogFile"/>) and mirrors it on the console as <c>NAME | line</c>.
/// The pipe is read through a PipeStream, which .NET drives with epoll, so ten quiet services cost no threads.
/// No line is dropped: the pump writes each line before it reads the next, so a container that writes
/// faster than the serial console blocks in write(2) on a full pipe instead of losing output. Lines longer
/// than 16 KiB are cut into pieces (<see cref="BoundedLineReader"/>), so init's memory stays flat.
/// </summary>
internal static class OutputPump
{
    public const string LogDir = "/var/log";

    /// <summary>Starts reading once <paramref name="gate"/> completes: the caller logs "NAME: started" first,
    /// so a container's first lines never come before the line saying it started (the pipe holds them).</summary>
    public static Task Start(int readFd, string name, Serilog.ILogger log, Task gate)
    {
        var stream = new AnonymousPipeClientStream(PipeDirection.In, new Microsoft.Win32.SafeHandles.SafePipeHandle(readFd, ownsHandle: true));
        return Task.Run(async () =>
        {
            await gate.ConfigureAwait(false);
            await PumpAsync(stream, name, log).ConfigureAwait(false);
        });
    }

    public static string LogPath(string name) => Path.Combine(LogDir, name + ".log");

    private static async Task PumpAsync(Stream stream, string name, Serilog.ILogger log)
    {
        using var text = new StreamReader(stream);
        var reader = new BoundedLineReader(text);
        using var file = new RotatingLogFile(LogPath(name));
        var fileBroken = false;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            log.Information("{Name} | {Line}", name, line);
            if (fileBroken) continue;
            try { file.Append(DateTime.UtcNow, line); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Once, not per line: the console still gets every line.
                fileBroken = true;
                log.Warning("{Name}: cannot write {Path}: {Error}; its output goes to the console only", name, LogPath(name), Linux.ExceptionErrno.Of(e).ToString());
            }
        }
    }
}
