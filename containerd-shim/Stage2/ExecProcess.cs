using System.Runtime.InteropServices;
using System.Text;
using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>The last step: process.args[0] looked up along the PATH of process.env (as runc does),
/// signals back to default, every fd from 3 up close-on-exec (fd 3 too: its closing tells stage 1
/// the exec happened), then execve. Returns only by throwing.</summary>
internal static unsafe class ExecProcess
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static void Run(Stage2Context context)
    {
        var setup = context.Setup;
        var env = setup.Env;
        var path = Resolve(setup.Args[0], env);
        Stat.umask(setup.Umask);
        using var strings = new NativeStrings();
        var file = strings.Add(path);
        var argv = strings.AddArray(setup.Args);
        var envp = strings.AddArray(env);
        Signal.ResetAllToDefault();
        Unistd.close_range(3 + (uint)setup.PreserveFds, uint.MaxValue, Unistd.CLOSE_RANGE_CLOEXEC);
        Unistd.execve(file, argv, envp);
        throw new SysException(SysError.Last(path));
    }

    /// <summary>A name with a '/' is used as it is; otherwise the first executable file on PATH.</summary>
    public static string Resolve(string name, IReadOnlyList<string> env)
    {
        if (name.Contains('/')) return name;
        var pathVar = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        foreach (var dir in pathVar.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutableFile(candidate)) return candidate;
        }
        throw new SysException(new SysError($"{name} not found in PATH {pathVar}", new Errno(Errno.ENOENT)));
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            const UnixFileMode anyExec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return File.Exists(path) && (File.GetUnixFileMode(path) & anyExec) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
