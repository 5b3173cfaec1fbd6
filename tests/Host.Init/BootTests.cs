using Linux.Native;

namespace Tests.HostInit;

/// <summary>init as PID 1 in namespaces, with the real shim and busybox bundles.</summary>
public sealed class BootTests
{
    private const string Web = "trap 'echo web-stopping; exit 0' TERM; echo web-up; while true; do sleep 0.2; done";

    [Fact]
    public void BootsRunsOnbootInOrderStartsServicesAndPowersOffOnSigusr2()
    {
        using var root = InitRoot.Create();
        root.AddContainer("onboot", "000-first", "echo first-start; sleep 1; echo first-end");
        root.AddContainer("onboot", "001-second", "echo second-ran; exit 3");
        root.AddBrokenContainer("onboot", "002-broken");
        root.AddContainer("onboot", "003-third", "echo third-ran");
        root.AddContainer("services", "web", Web);
        root.AddContainer("onshutdown", "000-farewell", "echo farewell-ran");
        using var init = InitUnderTest.Start(root);

        var ordered = new[]
        {
            @"\[\d\d:\d\d:\d\d\.\d{3} INF\] init: starting \(pid 1, kernel ",
            "boot: move-root (skipped|done)", "boot: mount-filesystems done", "boot: kernel-modules done",
            "boot: hostname hosttest", "boot: hostname done", "boot: loopback done", "boot: mounts done",
            @"onboot first: started \(pid \d+\)", @"first \| first-start", @"first \| first-end", "onboot first: exit status 0",
            "onboot second: started", @"second \| second-ran", @"ERR\] onboot second: FAILED: exit status 3",
            @"ERR\] onboot broken: FAILED: bundle /containers/onboot/002-broken has no config.json",
            "onboot third: started", @"third \| third-ran", "onboot third: exit status 0",
            "boot: onboot done", @"service web: started \(pid \d+\)", "boot: services started",
        };
        AssertInOrder(init, ordered);
        init.WaitFor(@"web \| web-up");

        init.Signal(Signal.SIGUSR2);
        AssertInOrder(init,
        [
            "shutdown: poweroff requested by SIGUSR2", "shutdown: running 1 onshutdown containers",
            @"onshutdown farewell: started \(pid \d+\)", @"farewell \| farewell-ran", "onshutdown farewell: exit status 0",
            "shutdown: stopping services", @"web \| web-stopping",
            "service web: exit status 0", "shutdown: sending SIGTERM to all processes",
            "shutdown: sending SIGKILL to all processes", "shutdown: syncing filesystems",
            "shutdown: unmounting filesystems", "shutdown: powering off",
        ]);
        Assert.True(init.WaitForExit(TimeSpan.FromSeconds(10)), "the namespace did not end after reboot(2):\n" + init.Log);
        Assert.Equal(128 + Signal.SIGINT, init.ExitCode); // POWER_OFF
    }

    [Fact]
    public void MissingShimIsOneLinePerContainerAndTheBootGoesOn()
    {
        using var root = InitRoot.Create(withShim: false);
        root.AddContainer("onboot", "000-first", "true");
        root.AddContainer("services", "web", Web);
        using var init = InitUnderTest.Start(root);
        AssertInOrder(init,
        [
            @"ERR\] onboot first: FAILED: /usr/bin/containerd-shim is missing from the image",
            "boot: onboot done",
            @"ERR\] service web: FAILED to start: /usr/bin/containerd-shim is missing from the image",
            "boot: services started",
        ]);
        init.Signal(Signal.SIGTERM);
        init.WaitFor("shutdown: reboot requested by SIGTERM");
        init.WaitFor("shutdown: rebooting");
        Assert.True(init.WaitForExit(TimeSpan.FromSeconds(10)), init.Log);
        Assert.Equal(128 + Signal.SIGHUP, init.ExitCode); // RESTART
    }

    [Fact]
    public void OrphanedGrandchildrenAreReaped()
    {
        using var root = InitRoot.Create();
        // Without a pid namespace the backgrounded sleeps outlive the shell and the shim, and the kernel
        // hands them to the nearest reaper: init. A subshell starts each, so the shell never reaps one.
        root.AddContainer("onboot", "000-orphans", "for i in 1 2 3; do (sleep 1 &); done; echo orphans-made", pidNamespace: false);
        root.AddContainer("services", "web", Web);
        using var init = InitUnderTest.Start(root, debug: true);
        init.WaitFor("onboot orphans: exit status 0");
        init.WaitFor("boot: services started");
        init.WaitFor(@"reaped orphan pid \d+: exit status 0", TimeSpan.FromSeconds(10));
        Thread.Sleep(1500); // every sleep has ended by now
        Assert.Empty(init.ZombieChildren());
        Assert.Equal(3, init.Log.Split('\n').Count(l => l.Contains("reaped orphan pid") && l.Contains("exit status 0")));
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
