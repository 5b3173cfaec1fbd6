using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>
/// Copies a directory tree with modes, owners, symlinks and device nodes (cp -a for the initramfs), and
/// deletes each copied regular file from the source so the initramfs memory is returned as we go.
/// Hard links become separate files; the initramfs has none that matter.
/// </summary>
internal sealed unsafe class TreeCopier(string[] skip, string[] emptyDirs)
{
    public int Entries { get; private set; }

    public SysError? Copy(string from, string to)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            if (skip.Contains(entry) && !emptyDirs.Contains(entry)) continue;
            var target = Path.Combine(to, Path.GetFileName(entry));
            if (CopyEntry(entry, target, descend: !emptyDirs.Contains(entry)) is { } error) return error;
        }
        return null;
    }

    private SysError? CopyEntry(string source, string target, bool descend)
    {
        Stat.stat_t st;
        if (Stat.lstat(source, &st) != 0) return SysError.Last($"lstat {source}");
        Entries++;
        var type = st.st_mode & Stat.S_IFMT;
        var perm = st.st_mode & 0xFFF;
        switch (type)
        {
            case Stat.S_IFDIR:
                if (Stat.mkdir(target, perm) != 0 && Errno.Last.Value != Errno.EEXIST) return SysError.Last($"mkdir {target}");
                if (descend && Copy(source, target) is { } error) return error;
                break;
            case Stat.S_IFLNK:
                File.CreateSymbolicLink(target, new FileInfo(source).LinkTarget!);
                break;
            case Stat.S_IFREG:
                File.Copy(source, target, overwrite: true);
                TryDelete(source);
                break;
            case Stat.S_IFCHR or Stat.S_IFBLK or Stat.S_IFIFO:
                if (Stat.mknod(target, st.st_mode, st.st_rdev) != 0 && Errno.Last.Value != Errno.EEXIST)
                    return SysError.Last($"mknod {target}");
                break;
            default:
                return null; // sockets cannot be copied and mean nothing in a fresh root
        }
        if (type != Stat.S_IFLNK && Stat.chmod(target, perm) != 0) return SysError.Last($"chmod {target}");
        if (Stat.lchown(target, st.st_uid, st.st_gid) != 0) return SysError.Last($"lchown {target}");
        return null;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
