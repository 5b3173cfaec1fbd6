using System.Text;
using Linux;
using Linux.Native;

namespace Shim.Stage2;

/// <summary>The process attributes that need no privileges dropped yet (hostname, rlimits) or must
/// come after the user switch (cwd, no_new_privs).</summary>
internal static unsafe class ProcessLimits
{
    /// <summary>hostname and domainname; the config check made sure a uts namespace is there.</summary>
    public static void Hostname(Stage2Context context)
    {
        if (context.Setup.Hostname is { } host) SetName(host, false);
        if (context.Setup.Domainname is { } domain) SetName(domain, true);
    }

    private static void SetName(string name, bool domain)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
        {
            var rc = domain ? Unistd.setdomainname(p, (nuint)bytes.Length) : Unistd.sethostname(p, (nuint)bytes.Length);
            if (rc < 0) throw new SysException(SysError.Last($"{(domain ? "setdomainname" : "sethostname")} {name}"));
        }
    }

    public static void Rlimits(Stage2Context context)
    {
        foreach (var r in context.Setup.Rlimits)
        {
            var limit = new Resource.rlimit { rlim_cur = r.Soft, rlim_max = r.Hard };
            if (Resource.prlimit(0, r.Resource, &limit, null) < 0)
                throw new SysException(SysError.Last($"setrlimit {r.Name} {r.Soft}/{r.Hard}"));
        }
    }

    /// <summary>linux.sysctl and process.oomScoreAdj, through the container's own /proc, before
    /// readonlyPaths makes /proc/sys read-only (runc's order).</summary>
    public static void Sysctl(Stage2Context context)
    {
        foreach (var (key, value) in context.Setup.Sysctls)
            WriteProcFile("/proc/sys/" + key.Replace('.', '/'), value, $"sysctl {key}={value}");
        if (context.Setup.OomScoreAdj is { } adj)
            WriteProcFile("/proc/self/oom_score_adj", adj.ToString(System.Globalization.CultureInfo.InvariantCulture), $"oomScoreAdj {adj}");
    }

    private static void WriteProcFile(string path, string value, string what)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SysException(new SysError($"{what}: write {path}", ExceptionErrno.Of(e)));
        }
    }

    public static void ChangeDirectory(Stage2Context context)
    {
        var cwd = context.Setup.Cwd;
        if (Unistd.chdir(cwd) < 0) throw new SysException(SysError.Last($"chdir {cwd}"));
    }

    public static void NoNewPrivileges(Stage2Context context)
    {
        if (!context.Setup.NoNewPrivileges) return;
        if (Prctl.prctl(Prctl.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            throw new SysException(SysError.Last("prctl PR_SET_NO_NEW_PRIVS"));
    }
}
