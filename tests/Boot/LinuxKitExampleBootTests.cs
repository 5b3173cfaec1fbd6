namespace Tests.Boot;

/// <summary>
/// LinuxKit's own examples/minimal.yml and getty.yml, unchanged (tests/Boot/LinuxKit/), built through
/// <c>--mirror</c> from look-alikes in a local registry (<see cref="LinuxKitLookalikes"/>) and booted: our init
/// stands in for linuxkit/init, runc and containerd (the build says so, and they are not in the registry), the
/// LinuxKit-labelled packages run with LinuxKit's defaults (sysctl writes /proc/sys), dhcpcd's resolver file
/// reaches the host's /etc/resolv.conf, and getty gives a shell (minimal: INSECURE=true) or a login prompt
/// that takes getty.yml's root password.
/// </summary>
public sealed class LinuxKitExampleBootTests(LinuxKitLookalikes lookalikes) : IClassFixture<LinuxKitLookalikes>
{
    // LinuxKit's cmdline makes /dev/console tty0 (its last console=, ttyAMA0, does not exist on a PC): init copies
    // its lines to the serial line too (the consoles stage), which both tests assert. The shell also reports what
    // the other containers did, and asks init through initctl (the shim under that name: getty binds
    // /usr/bin/runc, the shim, and the host's /run, where init's control socket is).
    private const string ShellCheck =
        "ln -sf /usr/bin/runc /tmp/initctl; echo LK-SHELL-$((6*7)) pid1=$(cat /proc/1/comm) ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)" +
        " certs=$(grep -c 'BEGIN CERTIFICATE' /hostroot/etc/ssl/certs/ca-certificates.crt 2>/dev/null) $(cat /etc/resolv.conf);" +
        " /tmp/initctl list; echo LK-LISTED\r";

    private BootImage Build(string example)
    {
        var image = BootImage.BuildFile(LinuxKitLookalikes.ExamplePath(example),
            new Dictionary<string, string> { ["CINIT_CACHE"] = lookalikes.Cache },
            "--mirror", lookalikes.Mirror);
        foreach (var replaced in new[] { "init", "runc", "containerd" })
            Assert.Matches($"builder: init image linuxkit/{replaced}:[0-9a-f]+: replaced by our init and runtime", image.BuildOutput);
        Assert.DoesNotContain("warning", image.BuildOutput);
        return image;
    }

    [Fact]
    public void Minimal_yml_boots_unchanged_with_a_root_shell_on_the_console()
    {
        using var image = Build("minimal");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline,
            new ConsoleInput("built-in shell", ShellCheck),
            new ConsoleInput("^LK-LISTED", "poweroff\r"));
        var log = boot.Console;

        AssertPoweredOff(boot);
        AssertInitLinesOnTheSerialLine(log);
        log.AssertInOrder("getty's shell on ttyS0 sees dhcpcd's resolver file, and init runs getty",
            "built-in shell",
            "^LK-SHELL-42 pid1=init ip_forward=\\d certs= nameserver 10\\.0\\.2\\.3$",
            "^getty +(up|ready) ",
            "^LK-LISTED");
    }

    [Fact]
    public void Getty_yml_boots_unchanged_and_its_login_prompt_takes_the_yamls_root_password()
    {
        using var image = Build("getty");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline,
            new ConsoleInput("^cinit look-alike of linuxkit/getty", "root\r"),
            new ConsoleInput("login: root", "abcdefgh\r"),
            new ConsoleInput("Password:", ShellCheck),
            new ConsoleInput("^LK-LISTED", "poweroff\r"));
        var log = boot.Console;

        AssertPoweredOff(boot);
        AssertInitLinesOnTheSerialLine(log);
        log.AssertInOrder("the login prompt, then a shell that sees what sysctl, ca-certificates and dhcpcd did",
            "login: root",
            "^LK-SHELL-42 pid1=init ip_forward=1 certs=[1-9][0-9]+ nameserver 10\\.0\\.2\\.3$",
            "^LK-LISTED");
        log.AssertPresent("init runs getty", "^getty +(up|ready) ");
        log.AssertPresent("init runs rngd", "^rngd +(up|ready) ");
    }

    /// <summary>With /dev/console on tty0, init's lines still reach the serial line from the consoles stage on.</summary>
    private static void AssertInitLinesOnTheSerialLine(ConsoleLog log) =>
        log.AssertInOrder("init's lines are copied to ttyS0",
            "console: init's lines also go to ttyS0",
            "boot: kernel-modules done",
            "boot: services started",
            "shutdown: poweroff requested");

    /// <summary>QEMU ended by itself after the kernel's own power-down line.</summary>
    private static void AssertPoweredOff(QemuBoot boot)
    {
        boot.Console.AssertAbsent("the kernel panicked", "Kernel panic");
        if (!boot.ExitedByItself) boot.Console.Fail($"QEMU did not exit within {boot.Deadline.TotalSeconds:0} s: no poweroff from inside");
        boot.Console.AssertPresent("the kernel powered off", "reboot: Power down");
    }
}
