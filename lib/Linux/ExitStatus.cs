using Linux.Native;

namespace Linux;

/// <summary>How a child ended, as a shell would report it: the exit code, or 128+n for signal n.</summary>
public readonly record struct ExitStatus(int Pid, int Code, int Signal)
{
    /// <summary>Exit code in the shell's convention: 0..255, or 128+n when killed by signal n.</summary>
    public int ShellCode => Signal != 0 ? 128 + Signal : Code;

    public bool Success => Signal == 0 && Code == 0;

    public static ExitStatus FromSiginfo(in Wait.siginfo_t info) => info.si_code switch
    {
        Wait.CLD_EXITED => new(info.si_pid, info.si_status, 0),
        Wait.CLD_KILLED or Wait.CLD_DUMPED => new(info.si_pid, 0, info.si_status),
        _ => new(info.si_pid, info.si_status, 0),
    };

    public override string ToString() =>
        Signal != 0 ? $"killed by {Native.Signal.Name(Signal)} ({ShellCode})" : $"exit status {Code}";
}
