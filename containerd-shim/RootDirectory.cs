using System.Text;
using Linux;
using Linux.Native;
using static Linux.Native.OpenAt2;

namespace Shim;

/// <summary>
/// A container's root directory held open, and paths opened inside it by the kernel: openat2 with
/// RESOLVE_IN_ROOT makes "/" and ".." (in the path and in every symlink) stop at the root, and
/// RESOLVE_NO_MAGICLINKS refuses /proc-style links, so a path in the image can never lead out, even when
/// its symlinks are swapped while we work. Missing components are created with mkdirat/mknodat in the
/// directory that was resolved, never by a second walk of a host path. Callers get an O_PATH fd and
/// mount onto it through <see cref="Target"/> (runc's securejoin plus "mount on fd"). On kernels
/// without openat2 (before 5.6, ENOSYS) the string walk of <see cref="RootPath"/> is used instead,
/// which is not safe against a swap during setup; stage 2 says so on stderr.
/// </summary>
internal sealed class RootDirectory : IDisposable
{
    private const ulong InRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    private const int OpenFlags = Fcntl.O_PATH | Fcntl.O_CLOEXEC;

    /// <summary>Components created plus symlinks followed; more means a loop.</summary>
    private const int MaxSteps = 255;

    private static bool? _haveOpenat2;
    private readonly int _fd;

    // Checked per root: after pivot_root /proc is the container's, and it may have none.
    private readonly bool _haveProcFd = Directory.Exists("/proc/self/fd");

    private RootDirectory(string hostPath, int fd)
    {
        HostPath = hostPath;
        _fd = fd;
    }

    /// <summary>The root as the shim sees it (a host path before pivot_root, "/" after).</summary>
    public string HostPath { get; }

    public static RootDirectory Open(string hostPath)
    {
        var fd = Fcntl.open(hostPath, Fcntl.O_PATH | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
        if (fd < 0) throw new SysException(SysError.Last($"open root {hostPath}"));
        return new RootDirectory(hostPath, fd);
    }

    /// <summary>The fd of what <paramref name="path"/> names in the root; -1 when it does not exist.</summary>
    public int OpenExisting(string path) => Resolve(path, Create.Nothing);

    /// <summary>The directory <paramref name="path"/>, created with its parents when missing.</summary>
    public int OpenDirectory(string path) => Resolve(path, Create.Directory);

    /// <summary>The file <paramref name="path"/> (an empty one is created when missing, with its parents).</summary>
    public int OpenFile(string path) => Resolve(path, Create.File);

    /// <summary>A path the mount calls accept for the fd: its /proc/self/fd link, or (no /proc yet
    /// after pivot_root) the resolved path.</summary>
    public string Target(int fd, string path) => _haveProcFd ? $"/proc/self/fd/{fd}" : RootPath.Resolve(HostPath, path);

    private enum Create { Nothing, Directory, File }

    private int Resolve(string path, Create create)
    {
        if (!HaveOpenat2()) return ResolveByWalk(path, create);
        for (var step = 0; step <= MaxSteps; step++)
        {
            var fd = OpenInRoot(path, out var errno);
            if (fd >= 0) return fd;
            if (errno != Errno.ENOENT) throw new SysException(new SysError($"open {path} in {HostPath}", new Errno(errno)));
            if (create == Create.Nothing) return -1;
            path = CreateFirstMissing(path, create);
        }
        throw new SysException(new SysError($"open {path} in {HostPath}", new Errno(Errno.ELOOP)));
    }

    /// <summary>Creates the first missing component of <paramref name="path"/> in its resolved parent and
    /// returns the path to try next: the same, or, when that component is a dangling symlink, the path
    /// through the link's target (resolved again from the root, so its "/" and ".." stay inside).</summary>
    private string CreateFirstMissing(string path, Create create)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        var parent = Fcntl.fcntl(_fd, Fcntl.F_DUPFD_CLOEXEC, 3);
        try
        {
            var i = 0;
            for (; i < parts.Length; i++)
            {
                var next = OpenInRoot("/" + string.Join('/', parts[..(i + 1)]), out var errno);
                if (next < 0 && errno == Errno.ENOENT) break;
                if (next < 0) throw new SysException(new SysError($"open {path} in {HostPath}", new Errno(errno)));
                Fcntl.close(parent);
                parent = next;
            }
            if (i == parts.Length) return path; // appeared meanwhile
            var file = create == Create.File && i == parts.Length - 1;
            var rc = file ? Stat.mknodat(parent, parts[i], Stat.S_IFREG | 0x1a4, 0) : Stat.mkdirat(parent, parts[i], 0x1ed);
            if (rc == 0) return path;
            var error = SysError.Last($"create {"/" + string.Join('/', parts[..(i + 1)])} in {HostPath}");
            if (error.Errno.Value != Errno.EEXIST) throw new SysException(error);
            var target = ReadLink(parent, parts[i]);
            if (target is null) return path; // created by someone else meanwhile: try again
            var rest = string.Join('/', parts[(i + 1)..]);
            var dir = target.StartsWith('/') ? "" : "/" + string.Join('/', parts[..i]);
            return $"{dir}/{target}/{rest}";
        }
        finally
        {
            Fcntl.close(parent);
        }
    }

    private int OpenInRoot(string path, out int errno)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fd = openat2(_fd, path.Length == 0 ? "/" : path, OpenFlags, InRoot);
            errno = fd < 0 ? Errno.Last.Value : 0;
            // EAGAIN: a rename or mount raced with a ".." in the walk; the kernel asks us to retry.
            if (fd >= 0 || errno != Errno.EAGAIN || attempt == 10) return fd;
        }
    }

    private static unsafe string? ReadLink(int dirfd, string name)
    {
        var buffer = stackalloc byte[4096];
        var n = Unistd.readlinkat(dirfd, name, buffer, 4096);
        return n <= 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }

    private bool HaveOpenat2()
    {
        if (_haveOpenat2 is { } known) return known;
        var fd = openat2(_fd, ".", OpenFlags, InRoot);
        _haveOpenat2 = fd >= 0 || Errno.Last.Value != Errno.ENOSYS;
        if (fd >= 0) Fcntl.close(fd);
        if (_haveOpenat2 == false)
            Stderr.WriteLine("containerd-shim: note: this kernel has no openat2 (Linux 5.6+): mount targets are resolved by a path walk, which a symlink swapped during setup could mislead");
        return _haveOpenat2.Value;
    }

    /// <summary>The pre-5.6 way: the string walk, the creation by host path, then an O_PATH open of the result.</summary>
    private int ResolveByWalk(string path, Create create)
    {
        var host = RootPath.Resolve(HostPath, path);
        if (create == Create.Directory) Directory.CreateDirectory(host);
        else if (create == Create.File && !File.Exists(host) && !Directory.Exists(host))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(host)!);
            File.Create(host).Dispose();
        }
        var fd = Fcntl.open(host, OpenFlags | Fcntl.O_NOFOLLOW, 0);
        if (fd >= 0 || (create == Create.Nothing && Errno.Last.Value == Errno.ENOENT)) return fd;
        throw new SysException(SysError.Last($"open {host}"));
    }

    public void Dispose() => Fcntl.close(_fd);
}
