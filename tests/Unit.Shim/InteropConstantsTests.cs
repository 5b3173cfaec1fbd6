using System.Diagnostics;
using Linux.Native;

namespace Tests.UnitShim;

/// <summary>The constants of the interop files the shim added, checked against the C headers by
/// compiling a small C program that prints them (docs/design.md, rule 3).</summary>
public sealed class InteropConstantsTests
{
    private static readonly Lazy<Dictionary<string, ulong>> FromC = new(CompileAndRun);

    public static TheoryData<string, ulong> Constants() => new()
    {
        { "CLONE_FS", Sched.CLONE_FS }, { "CLONE_NEWNS", Sched.CLONE_NEWNS }, { "CLONE_NEWCGROUP", Sched.CLONE_NEWCGROUP },
        { "CLONE_NEWUTS", Sched.CLONE_NEWUTS }, { "CLONE_NEWIPC", Sched.CLONE_NEWIPC }, { "CLONE_NEWUSER", Sched.CLONE_NEWUSER },
        { "CLONE_NEWPID", Sched.CLONE_NEWPID }, { "CLONE_NEWNET", Sched.CLONE_NEWNET }, { "CLONE_NEWTIME", Sched.CLONE_NEWTIME },
        { "PR_SET_PDEATHSIG", Prctl.PR_SET_PDEATHSIG }, { "PR_SET_KEEPCAPS", Prctl.PR_SET_KEEPCAPS },
        { "PR_CAPBSET_DROP", Prctl.PR_CAPBSET_DROP }, { "PR_SET_NO_NEW_PRIVS", Prctl.PR_SET_NO_NEW_PRIVS },
        { "PR_CAP_AMBIENT", Prctl.PR_CAP_AMBIENT }, { "PR_CAP_AMBIENT_RAISE", Prctl.PR_CAP_AMBIENT_RAISE },
        { "PR_SET_CHILD_SUBREAPER", Prctl.PR_SET_CHILD_SUBREAPER },
        { "AF_UNIX", Socket.AF_UNIX }, { "SOCK_SEQPACKET", Socket.SOCK_SEQPACKET }, { "SOCK_CLOEXEC", Socket.SOCK_CLOEXEC },
        { "O_DIRECTORY", Fcntl.O_DIRECTORY }, { "O_CLOEXEC", Fcntl.O_CLOEXEC }, { "O_PATH", Fcntl.O_PATH },
        { "O_NOFOLLOW", Fcntl.O_NOFOLLOW }, { "O_CREAT", Fcntl.O_CREAT }, { "F_DUPFD_CLOEXEC", Fcntl.F_DUPFD_CLOEXEC },
        { "CLOSE_RANGE_CLOEXEC", Unistd.CLOSE_RANGE_CLOEXEC }, { "S_IFCHR", Stat.S_IFCHR }, { "S_IFBLK", Stat.S_IFBLK },
        { "S_IFIFO", Stat.S_IFIFO }, { "SYS_close_range", 436 }, { "SYS_rt_sigaction", 13 },
        { "makedev(1,3)", Unistd.makedev(1, 3) }, { "makedev(259,1048575)", Unistd.makedev(259, 1048575) },
        { "_LINUX_CAPABILITY_VERSION_3", Capability._LINUX_CAPABILITY_VERSION_3 },
        { "CAP_LAST_CAP", (ulong)Capability.CAP_LAST_CAP },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void Constants_match_the_headers(string name, ulong value) => Assert.Equal(FromC.Value[name], value);

    [Fact]
    public void Capability_numbers_match_the_headers()
    {
        Assert.Equal(FromC.Value["CAP_LAST_CAP"] + 1, (ulong)Oci.CapabilityTable.Names.Count);
        for (var i = 0; i < Oci.CapabilityTable.Names.Count; i++)
            Assert.Equal(FromC.Value[Oci.CapabilityTable.Names[i]], (ulong)i);
    }

    private static Dictionary<string, ulong> CompileAndRun()
    {
        var dir = Directory.CreateTempSubdirectory("consts-").FullName;
        var lines = Constants().Select(row => (string)row[0])
            .Concat(Oci.CapabilityTable.Names)
            .Select(n => $"printf(\"%s %llu\\n\", \"{n}\", (unsigned long long)({n}));");
        File.WriteAllText(Path.Combine(dir, "c.c"), """
            #define _GNU_SOURCE
            #include <sched.h>
            #include <stdio.h>
            #include <fcntl.h>
            #include <sys/prctl.h>
            #include <sys/socket.h>
            #include <sys/stat.h>
            #include <sys/syscall.h>
            #include <sys/sysmacros.h>
            #include <linux/capability.h>
            #include <linux/close_range.h>
            int main(void) {
            """ + string.Join("\n", lines) + "\nreturn 0; }\n");
        Run("gcc", $"-o {dir}/c {dir}/c.c", "gcc is needed to check interop constants: apt-get install gcc");
        var output = Run($"{dir}/c", "", "");
        Directory.Delete(dir, recursive: true);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Run(string file, string args, string hint)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(hint);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(); throw new TimeoutException($"{file} took over 60 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args}: exit {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
