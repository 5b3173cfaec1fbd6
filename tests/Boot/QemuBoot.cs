using System.Diagnostics;

namespace Tests.Boot;

/// <summary>
/// Boots an image in QEMU under TCG with the serial console on stdout and records it. QEMU is
/// killed at the deadline, so a hung guest fails the test instead of hanging it.
/// </summary>
internal sealed class QemuBoot
{
    public const string Qemu = "qemu-system-x86_64";

    private QemuBoot(ConsoleLog console, bool exited, TimeSpan elapsed, TimeSpan deadline)
    {
        Console = console;
        ExitedByItself = exited;
        Elapsed = elapsed;
        Deadline = deadline;
    }

    public ConsoleLog Console { get; }
    public bool ExitedByItself { get; }
    public TimeSpan Elapsed { get; }
    public TimeSpan Deadline { get; }

    /// <summary>The deadline per boot: <c>$CINIT_BOOT_TIMEOUT</c> seconds, default 180 (TCG on a loaded 2-core machine).</summary>
    public static TimeSpan DefaultDeadline =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CINIT_BOOT_TIMEOUT"), out var s) ? s : 180);

    public static QemuBoot Run(BootImage image, TimeSpan deadline, params ConsoleInput[] inputs) =>
        Run(image, image.Name, ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline], deadline, inputs);

    /// <summary>Boots with other boot arguments than -kernel/-initrd (a disk image, a NIC); the console log is kept as LOGNAME.console.log.</summary>
    public static QemuBoot Run(BootImage image, string logName, IReadOnlyList<string> bootArgs, TimeSpan deadline, params ConsoleInput[] inputs) =>
        Run(image, logName, bootArgs, deadline, new ConsoleLog(), inputs);

    /// <summary>As above, recording into <paramref name="console"/>, which the caller may watch while the VM runs.</summary>
    public static QemuBoot Run(BootImage image, string logName, IReadOnlyList<string> bootArgs, TimeSpan deadline, ConsoleLog console, params ConsoleInput[] inputs)
    {
        using var qemu = Start(bootArgs, console);
        var clock = Stopwatch.StartNew();
        var typing = Task.Run(() => Type(qemu, console, inputs));
        var exited = qemu.WaitForExit(deadline);
        if (!exited)
        {
            qemu.Kill(entireProcessTree: true);
            qemu.WaitForExit();
        }
        // The parameterless wait also drains the redirected output into the log.
        qemu.WaitForExit();
        typing.Wait();
        // Kept after the test for whoever has to read a failure in CI.
        File.WriteAllLines(Path.Combine(Path.GetDirectoryName(image.Kernel)!, "..", logName + ".console.log"), console.Lines);
        return new QemuBoot(console, exited, clock.Elapsed, deadline);
    }

    /// <summary>Asserts QEMU ended by itself (a poweroff from inside) and the kernel did not panic.</summary>
    public void AssertPoweredOff()
    {
        Console.AssertAbsent("the kernel panicked", "Kernel panic");
        if (!ExitedByItself)
            Console.Fail($"QEMU did not exit within {Deadline.TotalSeconds:0} s: no poweroff from inside");
        Console.AssertInOrder("shutdown", "shutdown: poweroff requested", "shutdown: powering off");
    }

    // Serial input is a byte stream with no flow control: each text waits for its cue so it
    // reaches a reader (getty flushes the line before it execs the shell).
    private static void Type(Process qemu, ConsoleLog console, ConsoleInput[] inputs)
    {
        var from = 0;
        foreach (var input in inputs)
        {
            int at;
            while ((at = console.IndexOf(input.After, from)) < 0)
            {
                if (qemu.HasExited) return;
                Thread.Sleep(100);
            }
            from = at + 1;
            try
            {
                if (input.DelayMs > 0) Thread.Sleep(input.DelayMs);
                qemu.StandardInput.Write(input.Text);
                qemu.StandardInput.Flush();
            }
            catch (IOException)
            {
                return; // QEMU is gone; the assertions on the console say what happened.
            }
        }
    }

    private static Process Start(IReadOnlyList<string> bootArgs, ConsoleLog console)
    {
        var psi = new ProcessStartInfo(Qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Kept open and unused: the serial console must not see end-of-file.
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { "-accel", "tcg", "-cpu", "max", "-m", "512", "-smp", "2" }
                     .Concat(bootArgs).Concat(["-nographic", "-no-reboot", "-device", "virtio-rng-pci"]))
            psi.ArgumentList.Add(a);
        var qemu = new Process { StartInfo = psi };
        qemu.OutputDataReceived += (_, e) => { if (e.Data is not null) console.Add(e.Data); };
        qemu.ErrorDataReceived += (_, e) => { if (e.Data is not null) console.Add("qemu: " + e.Data); };
        try
        {
            qemu.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            qemu.Dispose();
            throw new InvalidOperationException($"cannot start {Qemu} ({e.Message}): apt-get install qemu-system-x86", e);
        }
        qemu.BeginOutputReadLine();
        qemu.BeginErrorReadLine();
        return qemu;
    }
}
