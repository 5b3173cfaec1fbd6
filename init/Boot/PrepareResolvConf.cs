using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Makes <c>/run/resolvconf/resolv.conf</c> (empty) and, when /etc/resolv.conf is a symlink elsewhere, the file
/// it points at, as LinuxKit's rc.init does. The image's /etc is read-only for containers and /run is a fresh
/// tmpfs, so a DHCP client needs a writable place that exists at boot: LinuxKit's dhcpcd binds
/// <c>/run/resolvconf:/etc</c> and writes its resolv.conf there, and /etc/resolv.conf (a link into it, put in
/// the root by the builder) resolves for everyone else. The bind's source must exist before the container
/// starts, so /run/resolvconf is made even when /etc/resolv.conf is not a link.
/// </summary>
internal sealed class PrepareResolvConf : IBootStage
{
    public const string EtcLink = "/etc/resolv.conf";

    public string Name => "resolv-conf";

    public FailurePolicy Policy => FailurePolicy.Warn;

    public SysError? Run(BootContext context)
    {
        if (MakeEmptyFile(Oci.ImagePaths.ResolvConf) is { } error) return error;
        if (LinkTarget(EtcLink) is { } target && target != Oci.ImagePaths.ResolvConf)
            return MakeEmptyFile(target)?.Wrap($"{EtcLink} -> {target}");
        return null;
    }

    /// <summary>The absolute path a symlink names (relative links resolve against its directory); null when
    /// <paramref name="link"/> is not a symlink.</summary>
    internal static string? LinkTarget(string link)
    {
        var info = new FileInfo(link);
        if (info.LinkTarget is not { } target) return null;
        return Path.GetFullPath(target, Path.GetDirectoryName(link) ?? "/");
    }

    /// <summary>An existing file is kept: a resolv.conf written by an earlier boot stage or a files: entry wins.</summary>
    private static SysError? MakeEmptyFile(string path)
    {
        var dir = Path.GetDirectoryName(path) ?? "/";
        if (Stat.mkdir(dir, 0x1ed) != 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {dir}");
        var fd = Fcntl.open(path, Fcntl.O_WRONLY | Fcntl.O_CREAT | Fcntl.O_CLOEXEC, 0x1a4);
        if (fd < 0) return SysError.Last($"create {path}");
        Fcntl.close(fd);
        return null;
    }
}
