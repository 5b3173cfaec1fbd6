using Tests.Common;

namespace Tests.HostShim;

/// <summary>One busybox rootfs for all tests (bundles point at it; it is mounted read-only by default),
/// the published shim from out/bin, and a check that we are root.</summary>
public sealed class ShimFixture : IDisposable
{
    public static string ShimPath => RepoPaths.Binary("containerd-shim");

    public string Rootfs { get; }

    private readonly string _dir;

    public ShimFixture()
    {
        if (Environment.UserName != "root" && !File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t", StringComparison.Ordinal))
            throw new InvalidOperationException("the shim host tests create containers: run them as root");
        _dir = Directory.CreateTempSubdirectory("shim-host-").FullName;
        Rootfs = Path.Combine(_dir, "rootfs");
        BusyboxRootfs.Create(Rootfs);
        _ = ShimPath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may have left a mount inside; leave the directory for a look.
        }
    }
}
