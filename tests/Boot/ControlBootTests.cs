namespace Tests.Boot;

/// <summary>
/// images/test-control.yml, one boot: initctl in a debug container talks to init's control socket, a
/// flooding service loses no line in its log file, and QEMU's <c>system_powerdown</c> (the ACPI power
/// button) powers the machine off through the ordered shutdown.
/// </summary>
public sealed class ControlBootTests
{
    // -nographic multiplexes the monitor on the serial console: Ctrl-A c switches to it.
    private const string MonitorPowerdown = "\u0001csystem_powerdown\n";

    [Fact]
    public void Control_client_lists_services_logs_are_complete_and_the_power_button_powers_off()
    {
        using var image = BootImage.Build("test-control");
        var boot = QemuBoot.Run(image, QemuBoot.DefaultDeadline, new ConsoleInput("MARK-CONTROL-DONE", MonitorPowerdown));
        var log = boot.Console;

        log.AssertPresent("control socket", "control: listening on /run/cinit.sock");
        log.AssertPresent("power button found", @"power: watching /dev/input/event\d+ \(Power Button\)");
        log.AssertInOrder("initctl list",
            @"debug \| NAME\s+STATE\s+PID\s+RESTARTS\s+UPTIME\s+LAST-EXIT",
            @"debug \| flood\s+(up|ready)\s+\d+\s+(-|\d+)\s+\d+s\s+-",
            @"debug \| \{""name"":""flood"",""state"":""(up|ready)"",""pid"":\d+,""restarts"":(null|\d+),""uptimeSeconds"":[\d.]+,""lastExit"":null\}");
        log.AssertPresent("every flooded line is in /var/log/flood.log", @"debug \| MARK-FLOOD-COUNT 1000$");
        log.AssertPresent("the kernel's log is readable from inside", @"debug \| MARK-KERNEL-LINES [1-9]");
        log.AssertPresent("init's own log is /var/log/init.log", @"debug \| MARK-INIT-LOG 1$");
        log.AssertPresent("logs -f sends the whole log, then follows until the client hangs up", @"debug \| MARK-FOLLOW 1000$");
        log.AssertPresent("a non-root client is refused", @"intruder \| initctl: connect to /run/cinit.sock: EACCES .*\(the control socket is for root only\)");
        log.AssertPresent("a non-root client is refused", @"intruder \| MARK-INTRUDER-REFUSED 1$");
        log.AssertPresent("an unknown service is an error", @"debug \| initctl: no service named 'nosuch'");
        log.AssertPresent("an error exits 1", @"debug \| MARK-NOSUCH-FAILED 1");
        // The debug container's lines reach the console through its own output pump, init's lines through
        // the event loop: only lines of one source keep their order, so each assertion stays within one.
        log.AssertInOrder("initctl stop goes through the supervisor (the client's view)",
            @"debug \| flood: stopping",
            @"debug \| flood\s+(exited|down)\s+-\s+\d+\s+-\s+");
        log.AssertInOrder("initctl stop goes through the supervisor (init's view)",
            "boot: services started",
            @"service flood: exit status 0",
            "shutdown: poweroff requested by power button");
        log.AssertInOrder("initctl restart stops and starts the service again (init's view)",
            @"service intruder: started \(pid \d+\)",
            @"service intruder: exit status 0",
            @"service intruder: started \(pid \d+\)",
            "shutdown: poweroff requested by power button");
        log.AssertInOrder("initctl restart (the client's view)",
            @"debug \| intruder: ",
            @"debug \| MARK-RESTARTED");
        boot.AssertPoweredOff();
        log.AssertInOrder("graceful poweroff by the power button",
            "MARK-CONTROL-DONE",
            "shutdown: poweroff requested by power button",
            "shutdown: stopping services",
            "shutdown: powering off");
    }
}
