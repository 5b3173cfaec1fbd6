namespace Pid1.Modprobe;

/// <summary>
/// One line into the kernel's log through /dev/kmsg, with a syslog level (<c>&lt;6&gt;</c> info,
/// <c>&lt;3&gt;</c> error, <c>&lt;7&gt;</c> debug). The kernel starts the module helper with no stdio, so
/// this is the only place its words can go; the kernel prints levels below its console loglevel on
/// the console as well.
/// </summary>
internal static class KernelLogLine
{
    public const int Error = 3, Info = 6, Debug = 7;

    public static void Write(int level, string message)
    {
        try
        {
            // One write per record: /dev/kmsg takes each write(2) as one log line.
            using var kmsg = new FileStream("/dev/kmsg", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            kmsg.Write(System.Text.Encoding.UTF8.GetBytes($"<{level}>{message}\n"));
        }
        catch (IOException) { } // no /dev/kmsg (no devtmpfs yet): nowhere left to say it
        catch (UnauthorizedAccessException) { }
    }
}
