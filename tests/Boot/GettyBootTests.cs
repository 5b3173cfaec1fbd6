namespace Tests.Boot;

/// <summary>
/// images/test-getty.yml: the getty package's password login. Root's password comes from etc/getty.shadow
/// in the image root; getty prompts on the serial console, login asks for the password and accepts it, and
/// poweroff in the root shell ends the VM. (INSECURE=true is checked by the sshd appliance's boot.)
/// </summary>
public sealed class GettyBootTests
{
    [Fact]
    public void Root_logs_in_on_the_console_with_the_password_of_getty_shadow()
    {
        using var image = BootImage.Build("test-getty");
        // The prompts end without a newline, so each answer waits for the line before its prompt
        // (getty's /etc/issue) or for the echo of the previous answer. The password waits 3 s more: getty
        // execs login, which flushes the input as it turns echo off for "Password: ", and a password typed
        // before that (a loaded CI machine) was echoed, flushed and never read.
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline,
            new ConsoleInput("^cinit: console /dev/ttyS0 of ", "root\r"),
            new ConsoleInput("login: root$", "cinit-getty\r", DelayMs: 3000),
            new ConsoleInput("built-in shell", "echo GETTY-$((6*7)) uid=$(id -u)\r"),
            new ConsoleInput("^GETTY-42 ", "poweroff\r"));
        var log = boot.Console;

        boot.AssertPoweredOff();
        log.AssertInOrder("no NIC, the boot goes on; then a password login",
            "dhcpcd \\| dhcp: no eth\\* network interface",
            "onboot dhcpcd: exit status 0",
            "getty \\| getty: root's password from /etc/getty.shadow",
            "getty \\| getty: starting a getty on ttyS0 \\(115200 baud\\)",
            "login: root$",
            "built-in shell",
            "^GETTY-42 uid=0",
            "shutdown: poweroff requested by SIGUSR2");
        log.AssertAbsent("no container fails", "FAILED");
    }
}
