using System.IO.Pipes;

namespace Pid1.Supervision;

/// <summary>
/// Logs a container's output line by line as <c>NAME | line</c> and appends it to /var/log/NAME.log.
/// The pipe is read through a PipeStream, which .NET drives with epoll, so ten quiet services cost no threads.
/// </summary>
internal static class OutputPump
{
    public const string LogDir = "/var/log";

    public static Task Start(int readFd, string name, Serilog.ILogger log)
    {
        var stream = new AnonymousPipeClientStream(PipeDirection.In, new Microsoft.Win32.SafeHandles.SafePipeHandle(readFd, ownsHandle: true));
        return Task.Run(() => PumpAsync(stream, name, log));
    }

    private static async Task PumpAsync(Stream stream, string name, Serilog.ILogger log)
    {
        using var reader = new StreamReader(stream);
        using var file = OpenLogFile(name, log);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            log.Information("{Name} | {Line}", name, line);
            file?.WriteLine(line);
        }
    }

    private static StreamWriter? OpenLogFile(string name, Serilog.ILogger log)
    {
        try { return new StreamWriter(Path.Combine(LogDir, name + ".log"), append: true) { AutoFlush = true }; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("{Name}: cannot write {Dir}/{Name}.log: {Error}", name, LogDir, name, e.Message);
            return null;
        }
    }
}
