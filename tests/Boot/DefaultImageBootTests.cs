namespace Tests.Boot;

/// <summary>images/default.yml, what <c>./build.sh run</c> boots: a root shell on the console, and poweroff in it.</summary>
public sealed class DefaultImageBootTests
{
    [Fact]
    public void The_getty_gives_a_root_shell_and_poweroff_in_it_ends_the_vm()
    {
        using var image = BootImage.Build("default");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline,
            new ConsoleInput("built-in shell", "echo SHELL-$((6*7)) uid=$(id -u) host=$(hostname)\r"),
            new ConsoleInput("^SHELL-42 ", "poweroff\r"));
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertInOrder("boot, shell, poweroff",
            "hello \\| hello from an onboot container",
            "onboot hello: exit status 0",
            "service getty: started",
            "built-in shell",
            "^SHELL-42 uid=0 host=cinit",
            "shutdown: poweroff requested by SIGUSR2");
        log.AssertAbsent("no container fails", "FAILED");
    }
}
