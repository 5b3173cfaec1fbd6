namespace Tests.Boot;

/// <summary>
/// images/test-cgroups.yml: cgroupsPath and resources in the VM's real cgroup v2 (docs/cgroups.md). What
/// the containers see in their own cgroup files, pids.max refusing forks, a device rule refusing writes
/// to /dev/null with EPERM, and every container's cgroup removed once it exited.
/// </summary>
public sealed class CgroupBootTests
{
    [Fact]
    public void Limits_devices_and_removal_in_cgroup_v2()
    {
        using var image = BootImage.Build("test-cgroups");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertPresent("the container is in its cgroup", @"limits \| 0::/cinit-test/limits");
        log.AssertPresent("memory.limit", @"limits \| LIMIT memory.max=33554432");
        log.AssertPresent("memory.reservation", @"limits \| LIMIT memory.low=8388608");
        log.AssertPresent("memory.swap is memory+swap: 48 MiB - 32 MiB", @"limits \| LIMIT memory.swap.max=16777216");
        log.AssertPresent("unified is written as is", @"limits \| LIMIT memory.high=29999104");
        log.AssertPresent("pids.limit", @"limits \| LIMIT pids.max=64");
        log.AssertPresent("cpu quota/period", @"limits \| LIMIT cpu.max=50000 100000");
        log.AssertPresent("cpu.shares 512 -> weight 20", @"limits \| LIMIT cpu.weight=20");
        log.AssertPresent("forks past pids.max 5 fail", @"pids \| .*can't fork");
        log.AssertPresent("the shell that hit the limit gave up", @"pids \| PIDS inner exit 2");
        log.AssertPresent("pids.events counts the refused forks", @"pids \| PIDS max [1-9]");
        log.AssertPresent("writes to /dev/null are refused", @"devices \| .*can't create /dev/null: Operation not permitted");
        log.AssertAbsent("writes to /dev/null are refused", @"DEVICES wrote-null");
        log.AssertPresent("reads of /dev/null are allowed", @"devices \| DEVICES read-null");
        log.AssertPresent("the default devices stay usable", @"devices \| DEVICES wrote-zero");
        log.AssertInOrder("each onboot container ends cleanly", "onboot (\\d+-)?limits: exit status 0", "onboot (\\d+-)?pids: exit status 0",
            "onboot (\\d+-)?devices: exit status 0", "gone \\| CGROUPS-CHECKED");
        log.AssertPresent("the parent made for the containers stays (and the check looks in the right place)", @"gone \| PARENT-KEPT");
        log.AssertAbsent("no cgroup is left after its container exited", @"gone \| LEFT");
    }
}
