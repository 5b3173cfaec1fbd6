namespace Tests.Boot;

/// <summary>
/// images/test-lk-init.yml, one boot with a virtio NIC (QEMU's default MAC 52:54:00:12:34:56): the parts of
/// LinuxKit's rc.init that its packages rely on, and entering a running service from the console's shell.
/// </summary>
public sealed class LinuxKitInitBootTests
{
    // Typed once the shell is up; each command waits for what it needs, so the order of the services' starts
    // does not matter. The echo of the typed text is on the console too: the assertions anchor at line start.
    private const string Commands =
        "until ctr task ls | grep -q '^web .*RUNNING'; do sleep 0.5; done; " +
        "initctl exec web sh -c 'until test -f /tmp/secret; do sleep 0.1; done; echo MARK-EXEC $(cat /tmp/secret) uid=$(id -u)'; echo MARK-EXEC-STATUS $?; " +
        "ctr -n services.linuxkit task ls; " +
        "ctr t exec --exec-id one -t web sh -c 'exit 7'; echo MARK-CTR-EXEC-STATUS $?; " +
        "initctl exec nosuch true; echo MARK-NOSUCH-STATUS $?; " +
        "ctr task kill web; echo MARK-COMMANDS-DONE\r";

    [Fact]
    public void Root_is_shared_resolv_conf_hostname_init_d_and_exec_into_a_service()
    {
        using var image = BootImage.Build("test-lk-init");
        var boot = QemuBoot.Run(image, image.Name,
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline, "-nic", "user,model=virtio-net-pci"],
            QemuBoot.DefaultDeadline,
            new ConsoleInput("built-in shell", Commands),
            new ConsoleInput("^MARK-COMMANDS-DONE", "poweroff\r"));
        var log = boot.Console;

        log.AssertPresent("the hostname comes from the NIC's MAC", @"boot: hostname cinit-525400123456 \(MAC of eth0\)");
        log.AssertInOrder("the init: image's init.d script runs after the boot stages, before the services",
            "boot: mounts done",
            "init.d: running 1 scripts from /etc/init.d",
            @"init.d: 010-hello started \(pid \d+\)",
            @"init.d/010-hello \| MARK-INIT-D host=cinit-525400123456 resolv=/run/resolvconf/resolv.conf exists=yes",
            "init.d: 010-hello exit status 0",
            "boot: services started");
        log.AssertPresent("/ is shared in init's mount namespace", @"probe \| MARK-ROOT-PROPAGATION shared:\d+");
        log.AssertPresent("a mount under a shared container's rshared bind is seen through another's bind",
            @"watcher \| MARK-PROPAGATED propagated-hi");
        log.AssertPresent("initctl exec runs in the service's root, as its user", "^MARK-EXEC web-secret-42 uid=0");
        log.AssertPresent("the command's exit status comes back", "^MARK-EXEC-STATUS 0");
        log.AssertInOrder("ctr task ls prints ctr's columns", @"^TASK\s+PID\s+STATUS", @"^web\s+\d+\s+RUNNING");
        log.AssertPresent("ctr task exec is initctl exec, status passed back", "^MARK-CTR-EXEC-STATUS 7");
        log.AssertPresent("an unknown service is named", @"initctl: exec nosuch: no service named 'nosuch'");
        log.AssertPresent("a failed exec is 255", "^MARK-NOSUCH-STATUS 255");
        log.AssertPresent("other ctr commands name the initctl equivalent",
            @"^ctr: ctr task kill web: there is no containerd here, only 'ctr task ls' and 'ctr task exec'; use: initctl stop web");
        boot.AssertPoweredOff();
        log.AssertAbsent("no container fails", "FAILED");
    }
}
