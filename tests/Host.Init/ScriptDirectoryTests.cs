using Linux.Native;
using Tests.Common;

namespace Tests.HostInit;

/// <summary>/etc/init.d and /etc/shutdown.d as an <c>init:</c> image leaves them, run by the real init as PID 1;
/// the scripts also look at what the boot stages made: "/" shared, /run/resolvconf.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScriptDirectoryTests
{
    [Fact]
    public void InitScriptsRunInOrderAHangingOneIsLeftBehindAndShutdownScriptsRunFirstAtShutdown()
    {
        using var root = InitRoot.Create();
        BusyboxRootfs.Create(root.Dir);
        AddScript(root, "etc/init.d/000-hello", "echo hello-from-init.d; echo to-stderr >&2");
        AddScript(root, "etc/init.d/005-config", "echo must-not-run", mode: 0x1a4);
        AddScript(root, "etc/init.d/010-look",
            "grep -qE '^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ / .* shared:[0-9]+' /proc/self/mountinfo && echo root-is-shared; " +
            "test -f /run/resolvconf/resolv.conf && test ! -s /run/resolvconf/resolv.conf && echo resolvconf-ready; echo path=$PATH");
        AddScript(root, "etc/init.d/020-hang", "echo hanging; exec sleep 1000");
        AddScript(root, "etc/init.d/030-after", "echo after-ran; exit 2");
        AddScript(root, "etc/shutdown.d/000-bye", "echo bye-from-shutdown.d");
        root.AddContainer("services", "web", "trap 'exit 0' TERM; echo web-up; while true; do sleep 0.2; done");
        using var init = InitUnderTest.Start(root);

        AssertInOrder(init,
        [
            "boot: share-root done", "boot: resolv-conf done", "boot: mounts done",
            @"WRN\] init.d: skipping 005-config: not executable \(mode 0644\)",
            "init.d: running 4 scripts from /etc/init.d",
            @"init.d: 000-hello started \(pid \d+\)", @"init.d/000-hello \| hello-from-init.d", @"init.d/000-hello \| to-stderr",
            "init.d: 000-hello exit status 0",
            @"init.d/010-look \| root-is-shared", @"init.d/010-look \| resolvconf-ready",
            "init.d: 020-hang started", @"init.d/020-hang \| hanging",
            @"WRN\] init.d: 020-hang still running after 10 s: left running, going on",
            @"init.d/030-after \| after-ran", @"WRN\] init.d: 030-after exit status 2",
            "boot: onboot done", "service web: started", "boot: services started",
        ]);
        init.WaitFor(@"init.d/010-look \| path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Assert.DoesNotContain("must-not-run", init.Log);
        init.WaitFor(@"web \| web-up");
        // With "/" shared, a mount stage 2 made before making its copy of the tree rslave would show up here.
        var leaked = File.ReadAllLines($"/proc/{init.HostPid}/mountinfo").Where(l => l.Contains("/containers/")).ToList();
        Assert.True(leaked.Count == 0, "container mounts leaked into init's namespace:\n" + string.Join('\n', leaked));

        init.Signal(Signal.SIGUSR2);
        AssertInOrder(init,
        [
            "shutdown: poweroff requested by SIGUSR2", "shutdown.d: running 1 scripts from /etc/shutdown.d",
            @"shutdown.d/000-bye \| bye-from-shutdown.d", "shutdown.d: 000-bye exit status 0",
            "shutdown: stopping services", "shutdown: sending SIGTERM to all processes",
            // The script left running at boot ends with everything else.
            @"init.d: 020-hang killed by SIGTERM", "shutdown: powering off",
        ]);
        Assert.True(init.WaitForExit(TimeSpan.FromSeconds(10)), "the namespace did not end after reboot(2):\n" + init.Log);
    }

    private static void AddScript(InitRoot root, string path, string body, int mode = 0x1ed)
    {
        var file = Path.Combine(root.Dir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)mode);
    }

    private static void AssertInOrder(InitUnderTest init, string[] patterns)
    {
        var previous = -1;
        foreach (var pattern in patterns)
        {
            var index = init.WaitFor(pattern);
            Assert.True(index > previous, $"/{pattern}/ came before the line it should follow:\n{init.Log}");
            previous = index;
        }
    }
}
