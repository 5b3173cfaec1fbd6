using Linux;

namespace Pid1.Boot;

/// <summary>The hostname from /etc/hostname, else <see cref="Default"/>. Written through /proc (mounted by now),
/// which is sethostname(2) without another interop entry.</summary>
internal sealed class SetHostname : IBootStage
{
    public const string Default = "cinit";

    public string Name => "hostname";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        var name = ReadConfigured() ?? Default;
        try { File.WriteAllText("/proc/sys/kernel/hostname", name); }
        catch (IOException e) { return SysError.Plain($"set hostname {name}: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return SysError.Plain($"set hostname {name}: {e.Message}"); }
        context.Log.Information("boot: hostname {Name}", name);
        return null;
    }

    private static string? ReadConfigured()
    {
        try
        {
            var text = File.Exists("/etc/hostname") ? File.ReadAllText("/etc/hostname").Trim() : "";
            return text.Length > 0 ? text.Split('\n')[0].Trim() : null;
        }
        catch (IOException) { return null; }
    }
}
