using Tests.Common;

namespace Tests.HostShim;

/// <summary>
/// Symlinks in the image that point out of it (at "/", up with "..", at the host's /etc, through /proc's
/// magic links, dangling or in a loop) must never make a mount or a created directory land outside the
/// rootfs: the mount lands inside, or the container fails naming the path. Each case gets its own rootfs.
/// </summary>
[Collection(HostQuietCollection.Name)]
public sealed class SymlinkEscapeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shim-symlink-").FullName;
    private readonly string _rootfs;

    public SymlinkEscapeTests()
    {
        _rootfs = Path.Combine(_dir, "rootfs");
        BusyboxRootfs.Create(_rootfs);
        Directory.CreateDirectory(Path.Combine(_rootfs, "mnt"));
    }

    // (symlinks to make in the rootfs, the mount's destination, where the container must see it or null = refused)
    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "escape>/", "/escape/mnt/m", "/mnt/m" },
        { "up>../../..", "/up/mnt/u", "/mnt/u" },
        { "etc2>/mnt/../../../etc", "/etc2/shim-escape-marker", "/etc/shim-escape-marker" },
        { "hostetc>/etc", "/hostetc/shim-escape-marker", "/etc/shim-escape-marker" },
        { "d1>d2 d2>/nowhere-shim/deep", "/d1/sub", "/nowhere-shim/deep/sub" },
        { "l1>l2 l2>l1", "/l1/x", null },
        { "magic>/proc/self/root/etc", "/magic/shim-escape-marker", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_mount_through_an_escaping_symlink_lands_inside_or_fails(string links, string destination, string? seenAt)
    {
        foreach (var link in links.Split(' '))
            File.CreateSymbolicLink(Path.Combine(_rootfs, link.Split('>')[0]), link.Split('>')[1]);
        var id = $"symlink-{Environment.ProcessId}-{Math.Abs(links.GetHashCode() % 10000)}";
        using var bundle = Bundle.Create(_rootfs, ["sh", "-c", "grep ' shimescape ' /proc/self/mountinfo | cut -d' ' -f5"], s => s with
        {
            Mounts = [.. s.Mounts!, new() { Destination = destination, Type = "tmpfs", Source = "shimescape" }],
        });
        var before = HostSnapshot.Take();
        var result = Runner.Shim(bundle.Dir, id);
        Assert.Empty(HostSnapshot.Take().LeftSince(before, id, _dir, bundle.Dir, "/run/containers/" + id, "/etc", "/nowhere-shim", "/mnt", "/proc"));
        Assert.False(File.Exists("/etc/shim-escape-marker") || Directory.Exists("/etc/shim-escape-marker"), "created in the host's /etc");
        Assert.False(Directory.Exists("/nowhere-shim"), "created /nowhere-shim on the host");
        if (seenAt is null)
        {
            Assert.True(result.ExitCode == 125, result.ToString());
            Assert.Matches($@"^containerd-shim: {id}: mounts: mounts\[6\] {destination}: open .*: ELOOP", result.Stderr);
            return;
        }
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(seenAt + "\n", result.Stdout);
        Assert.True(Directory.Exists(_rootfs + seenAt), $"{seenAt} was not created inside the rootfs");
    }

    [Fact]
    public void A_device_through_an_escaping_symlink_is_made_inside()
    {
        File.CreateSymbolicLink(Path.Combine(_rootfs, "devlink"), "/etc");
        using var bundle = Bundle.Create(_rootfs, ["sh", "-c", "ls -l /etc/shim-escape-null | cut -c1"], s => s with
        {
            Linux = s.Linux! with { Devices = [new() { Type = "c", Path = "/devlink/shim-escape-null", Major = 1, Minor = 3 }] },
        });
        var result = Runner.Shim(bundle.Dir, $"symlink-dev-{Environment.ProcessId}");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("c\n", result.Stdout);
        Assert.False(File.Exists("/etc/shim-escape-null"), "a device node was made in the host's /etc");
    }

    /// <summary>A directory in the image swapped for a symlink to a host directory and back while
    /// containers start: directories the mount needs must still be created inside the rootfs only.</summary>
    [Fact]
    public async Task A_symlink_swapped_during_setup_never_leads_out()
    {
        var hostDir = Path.Combine(_dir, "host-side");
        Directory.CreateDirectory(hostDir);
        var flip = Path.Combine(_rootfs, "flip");
        using var stop = new CancellationTokenSource();
        var flipper = Task.Run(() => Flip(flip, hostDir, stop.Token));
        try
        {
            for (var i = 0; i < 20; i++)
            {
                using var bundle = Bundle.Create(_rootfs, ["true"], s => s with
                {
                    Mounts = [.. s.Mounts!, new() { Destination = $"/flip/a{i}/b", Type = "tmpfs", Source = "shimescape" }],
                });
                Runner.Shim(bundle.Dir, $"symlink-flip-{Environment.ProcessId}-{i}");
                Assert.Empty(Directory.EnumerateFileSystemEntries(hostDir));
            }
        }
        finally
        {
            stop.Cancel();
            await flipper;
        }
    }

    private static void Flip(string flip, string hostDir, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (Directory.Exists(flip) && new FileInfo(flip).LinkTarget is null) Directory.Delete(flip, recursive: true);
                else if (File.Exists(flip) || new FileInfo(flip).LinkTarget is not null) File.Delete(flip);
                if (Environment.TickCount64 % 2 == 0) File.CreateSymbolicLink(flip, hostDir);
                else Directory.CreateDirectory(flip);
            }
            catch (IOException)
            {
                // the container created or used it meanwhile: go on flipping
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
