using Pid1.Boot;

namespace Pid1.Modprobe;

/// <summary>
/// init's binary called as <c>cinit-modprobe</c>: the helper the kernel runs (via /proc/sys/kernel/modprobe)
/// when it wants a module it does not have, as <c>cinit-modprobe -q -- NAME</c> (NAME: <c>fs-ext4</c>,
/// <c>crypto-crc32c</c>, <c>net-pf-10</c>, ...). It resolves NAME through depmod's indexes of the running
/// kernel, loads the modules and their dependencies with finit_module (the boot's ModuleLoader) and says
/// what it did in the kernel's log. It touches neither Hosting nor Console: the kernel waits for it
/// (the mount that asked for ext4's crc32c is blocked until it exits), so it starts and exits in
/// milliseconds, and it has no stdio. Exit status 0 when something was loaded or NAME is built in or
/// already there, 1 when no module answers NAME or a load failed (what modprobe does; the kernel only
/// reports it).
/// </summary>
internal static class ModprobeCommand
{
    public const string Name = "cinit-modprobe";

    public static bool IsCalledAs(string argv0) => Path.GetFileName(argv0) == Name;

    public static int Run(string[] args)
    {
        var requests = Requests(args);
        if (requests.Count == 0)
        {
            KernelLogLine.Write(KernelLogLine.Error, $"{Name}: no module named on the command line ({string.Join(' ', args)})");
            return 1;
        }
        var release = Linux.Native.UtsName.Release() ?? "?";
        var root = $"/lib/modules/{release}";
        ModuleIndex index;
        try
        {
            index = ModuleIndex.Load(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            KernelLogLine.Write(KernelLogLine.Error, $"{Name}: {string.Join(' ', requests)}: cannot read the module indexes of {root}: {Linux.ExceptionErrno.Of(e)}");
            return 1;
        }
        var status = 0;
        foreach (var request in requests) status |= Answer(index, root, request);
        return status;
    }

    /// <summary>The names: every word after <c>--</c>, and before it those that are not options (<c>-q</c>, <c>-b</c>).</summary>
    internal static List<string> Requests(IEnumerable<string> args)
    {
        var names = new List<string>();
        var options = true;
        foreach (var arg in args)
        {
            if (options && arg == "--") options = false;
            else if (!options || !arg.StartsWith('-')) names.Add(arg);
        }
        return names;
    }

    private static int Answer(ModuleIndex index, string root, string request)
    {
        var modules = index.Resolve(request);
        if (modules.Count == 0)
        {
            // The kernel asks for many things speculatively (net-pf-*, char-major-*): a miss is debug, not an error.
            KernelLogLine.Write(KernelLogLine.Debug, $"{Name}: {request}: no module in {root} answers it");
            return index.IsBuiltIn(request) ? 0 : 1;
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var loader = new ModuleLoader(index);
        foreach (var module in modules) loader.LoadWithDeps(module);
        // ENODEV: the module is not for this machine (crc32c_intel without SSE 4.2, where crc32c_generic answers
        // the same alias); kmod's modprobe passes over it too.
        var failures = loader.Failures.Where(f => f.Errno.Value != Linux.Errno.ENODEV).ToList();
        foreach (var failure in loader.Failures)
            KernelLogLine.Write(failures.Contains(failure) ? KernelLogLine.Error : KernelLogLine.Debug, $"{Name}: {request}: {failure}");
        var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (loader.Loaded.Count > 0)
            KernelLogLine.Write(KernelLogLine.Info, $"{Name}: {request}: loaded {string.Join(' ', loader.Loaded)} ({ms:F0} ms)");
        else if (loader.Failures.Count == 0)
            KernelLogLine.Write(KernelLogLine.Info, $"{Name}: {request}: {string.Join(' ', modules)} already loaded");
        return failures.Count == 0 && (loader.Loaded.Count > 0 || loader.Failures.Count == 0) ? 0 : 1;
    }
}
