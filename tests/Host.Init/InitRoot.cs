using Oci;
using Tests.Common;

namespace Tests.HostInit;

/// <summary>
/// A root directory laid out as docs/image-layout.md describes the initramfs: init, the shim, the device
/// nodes the runtime needs before devtmpfs, and container bundles with busybox rootfs. Kept on a real
/// filesystem (not tmpfs), so init's root move sees "not the initramfs" and skips, as it must in a chroot.
/// </summary>
internal sealed class InitRoot : IDisposable
{
    public string Dir { get; } = MakeDir();

    private static string MakeDir()
    {
        var dir = Path.Combine("/var/tmp", "init-root-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static InitRoot Create(bool withShim = true)
    {
        var root = new InitRoot();
        foreach (var d in new[] { "sbin", "usr/bin", "etc", "dev", "proc", "sys", "run", "tmp", "var", "containers" })
            Directory.CreateDirectory(Path.Combine(root.Dir, d));
        File.Copy(RepoPaths.Binary("init"), Path.Combine(root.Dir, "sbin/init"));
        if (withShim) File.Copy(RepoPaths.Binary("containerd-shim"), Path.Combine(root.Dir, "usr/bin/containerd-shim"));
        foreach (var (name, minor) in new[] { ("null", 3), ("urandom", 9) })
            Run("mknod", "-m", "666", Path.Combine(root.Dir, "dev", name), "c", "1", minor.ToString());
        File.WriteAllText(Path.Combine(root.Dir, "etc/hostname"), "hosttest\n");
        return root;
    }

    /// <summary>Adds /containers/KIND/DIR with a busybox rootfs running <c>sh -c SCRIPT</c>.</summary>
    public void AddContainer(string kind, string dir, string script, bool pidNamespace = true, InitPolicy? policy = null, string? cgroupsPath = null)
    {
        var bundle = Path.Combine(Dir, "containers", kind, dir);
        BusyboxRootfs.Create(Path.Combine(bundle, "rootfs"));
        string[] namespaces = pidNamespace ? ["pid", "ipc", "uts", "mount"] : ["ipc", "uts", "mount"];
        var spec = new Spec
        {
            Process = new Process { Args = ["/bin/sh", "-c", script], Env = ["PATH=/bin:/sbin:/usr/bin"], Cwd = "/" },
            Root = new Root { Path = "rootfs", Readonly = true },
            Hostname = dir,
            Mounts =
            [
                new() { Destination = "/proc", Type = "proc", Source = "proc" },
                new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "mode=755"] },
            ],
            Linux = new LinuxSection { Namespaces = [.. namespaces.Select(n => new Namespace { Type = n })], CgroupsPath = cgroupsPath },
            Annotations = policy is null ? null : new() { [InitPolicyJson.Annotation] = InitPolicyJson.Serialize(policy) },
        };
        File.WriteAllBytes(Path.Combine(bundle, "config.json"), OciJson.Serialize(spec));
    }

    /// <summary>A bundle directory the builder would never write: no config.json.</summary>
    public void AddBrokenContainer(string kind, string dir) =>
        Directory.CreateDirectory(Path.Combine(Dir, "containers", kind, dir, "rootfs"));

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { } // a mount that outlived the namespace would be a bug the tests report elsewhere
    }

    private static void Run(string file, params string[] args)
    {
        using var p = System.Diagnostics.Process.Start(file, args);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode})");
    }
}
