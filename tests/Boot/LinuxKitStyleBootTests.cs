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

    /// <summary>images/test-linuxkit-full.yml: the LinuxKit keys that change what a container sees, each checked
    /// from inside: a namespaced sysctl, rlimits, oomScoreAdj, no_new_privs, ambient capabilities, init's
    /// runtime mkdir and tmpfs mount, tmpfs, a volume shared by two containers, ids by container name, and a
    /// file holding the build's own configuration.</summary>
    [Fact]
    public void A_full_linuxkit_image_applies_every_key_inside_its_containers()
    {
        using var image = BootImage.Build("test-linuxkit-full");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline);
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertPresent("sysctl in the container's own network namespace", "sysctl \\| sysctl: ip_forward=1");
        log.AssertPresent("rlimits, oomScoreAdj, noNewPrivileges, ambient",
            "limits \\| limits: nofile=1024/2048 oom=-500 CapAmb:=0000000000000400 NoNewPrivs:=1");
        log.AssertInOrder("init runs runtime: before the container",
            "prepare: runtime: 1 mounts, 1 directories, 1 cgroups made",
            "prepare \\| prepare: probe=dir scratch=tmpfs run=tmpfs");
        log.AssertPresent("ids by container name, the volume, the metadata file",
            "reader \\| reader: uid=103 gid=103 note=hello config=1 owner=103");
        log.AssertAbsent("no container fails", "FAILED");
    }
}
