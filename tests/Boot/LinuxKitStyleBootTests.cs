namespace Tests.Boot;

/// <summary>
/// images/test-linuxkit.yml, written as LinuxKit's own examples are (console writes through a
/// /dev/console bind, readonly roots, named capabilities, uid/cwd/env/hostname, files:).
/// </summary>
public sealed class LinuxKitStyleBootTests
{
    [Fact]
    public void A_linuxkit_style_image_boots_applies_its_settings_and_powers_off()
    {
        using var image = BootImage.Build("test-linuxkit");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertInOrder("onboot in order, then services",
            "sysctl: net\\.ipv4\\.ip_forward=\\d",
            "format: root read-only",
            "boot: onboot done",
            "service \\S+: started");
        log.AssertPresent("uid, cwd, hostname and env applied",
            "nginx \\| nginx: uid=1000 cwd=/tmp host=web env=linuxkit");
        log.AssertAbsent("no container fails", "FAILED");
    }
}
