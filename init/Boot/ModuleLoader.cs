using Linux;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>finit_module with dependencies first; remembers what it tried so each module is loaded once.</summary>
internal sealed class ModuleLoader(ModuleIndex index)
{
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);

    public List<string> Loaded { get; } = [];

    public List<SysError> Failures { get; } = [];

    public void LoadWithDeps(string module)
    {
        foreach (var name in index.LoadOrder(module))
        {
            if (!_tried.Add(name)) continue;
            if (LoadOne(name) is { } error) Failures.Add(error);
        }
    }

    private SysError? LoadOne(string name)
    {
        var path = index.PathOf(name);
        using var handle = TryOpen(path, out var openError);
        if (handle is null) return openError;
        var compressed = path.EndsWith(".xz", StringComparison.Ordinal) || path.EndsWith(".zst", StringComparison.Ordinal)
            || path.EndsWith(".gz", StringComparison.Ordinal);
        var flags = compressed ? Module.MODULE_INIT_COMPRESSED_FILE : 0;
        if (Module.finit_module((int)handle.DangerousGetHandle(), "", flags) == 0)
        {
            Loaded.Add(name);
            return null;
        }
        var errno = Errno.Last;
        // Already loaded (or built in under the same name): that is what we wanted.
        return errno.Value == Errno.EEXIST ? null : new SysError($"load module {name} from {path}", errno);
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle? TryOpen(string path, out SysError? error)
    {
        error = null;
        try { return File.OpenHandle(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { error = SysError.Of($"open module {path}", e); }
        return null;
    }
}
