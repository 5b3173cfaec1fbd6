namespace Tests.Boot;

/// <summary>images/test-order.yml: onboot containers in order and to completion, then services, then poweroff
/// with the onshutdown containers in order.</summary>
public sealed class OrderBootTests
{
    [Fact]
    public void Onboot_runs_in_order_before_services_and_poweroff_ends_the_vm()
    {
        using var image = BootImage.Build("test-order");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertInOrder("boot sequence",
            "init: starting \\(pid 1, kernel ",
            "boot: mounts done",
            "onboot (\\d+-)?first: started \\(pid \\d+\\)",
            // Written straight to /dev/console through the bind, so it lands before the exit line.
            "MARK-ONBOOT-FIRST-CONSOLE",
            "onboot (\\d+-)?first: exit status 0",
            "onboot (\\d+-)?second: started",
            "MARK-ONBOOT-SECOND-CONSOLE",
            "onboot (\\d+-)?second: exit status 0",
            "boot: onboot done",
            "service \\S+: started \\(pid \\d+\\)",
            "shutdown: poweroff requested by SIGUSR2");
        log.AssertInOrder("onshutdown containers run in order, to completion, before services stop",
            "shutdown: poweroff requested by SIGUSR2",
            "onshutdown (\\d+-)?goodbye: started \\(pid \\d+\\)",
            "goodbye \\| MARK-ONSHUTDOWN-GOODBYE",
            "onshutdown (\\d+-)?goodbye: exit status 0",
            "onshutdown (\\d+-)?lastword: started",
            "lastword \\| MARK-ONSHUTDOWN-LASTWORD",
            "onshutdown (\\d+-)?lastword: exit status 0",
            "shutdown: stopping services",
            "shutdown: powering off");
        log.AssertPresent("onboot stdout is logged with its name", "first \\| MARK-ONBOOT-FIRST-STDOUT");
        log.AssertPresent("onboot stdout is logged with its name", "second \\| MARK-ONBOOT-SECOND-STDOUT");
        log.AssertPresent("services", "service worker: started");
        log.AssertPresent("services", "service stopper: started");
        log.AssertPresent("service output", "worker \\| MARK-SERVICE-WORKER");
        log.AssertPresent("service output", "stopper \\| MARK-POWEROFF");
        log.AssertAbsent("no container fails", "FAILED");
        // No service may start before the last onboot container ended.
        var onboot = log.IndexOf("boot: onboot done", 0);
        var early = log.IndexOf("service \\S+: started", 0);
        if (early < onboot) log.Fail($"a service started at line {early + 1}, before onboot finished at line {onboot + 1}");
    }
}
