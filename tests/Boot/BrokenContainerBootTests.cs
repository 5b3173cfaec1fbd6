namespace Tests.Boot;

/// <summary>images/test-broken.yml: a container whose command is missing fails alone; the others run.</summary>
public sealed class BrokenContainerBootTests
{
    [Fact]
    public void A_missing_command_fails_that_container_only()
    {
        using var image = BootImage.Build("test-broken");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertInOrder("a broken onboot container does not stop the boot",
            "onboot (\\d+-)?missing: started|missing.*/no/such/command",
            "onboot (\\d+-)?missing: FAILED: exit status 127",
            "onboot (\\d+-)?after: started",
            "onboot (\\d+-)?after: exit status 0",
            "boot: onboot done",
            "service stopper: started");
        log.AssertPresent("the failure names the container and the missing command", "missing.*/no/such/command");
        log.AssertPresent("the failure names the service and the missing command", "broken.*/no/such/service");
        log.AssertPresent("the broken service's status is logged", "service broken: exit status 127");
        log.AssertPresent("other containers still run", "after \\| MARK-ONBOOT-AFTER-BROKEN");
        log.AssertPresent("other containers still run", "stopper \\| MARK-SERVICE-STOPPER");
    }
}
