using Pid1.Logs;

namespace Tests.UnitInit;

/// <summary>Which consoles of /proc/consoles get a copy of init's lines: enabled, writable, not /dev/console.</summary>
public sealed class ConsoleMirrorTests
{
    [Theory]
    // LinuxKit's cmdline on a PC: tty0 is /dev/console (C), the serial line needs the copy.
    [InlineData("tty0                 -WU (EC p  )    4:1\nttyS0                -W- (E  p a)    4:64\n", "ttyS0")]
    // Ours: one console, the preferred one: nothing to copy.
    [InlineData("ttyS0                -W- (EC p a)    4:64\n", "")]
    // A disabled console, a read-only one and a malformed line are left alone.
    [InlineData("ttyS0 -W- (EC p a) 4:64\nttyS1 -W- (  p a) 4:65\nhvc0 R-- (E p) 229:0\ngarbage\n", "")]
    [InlineData("ttyS0 -W- (EC p a) 4:64\nhvc0 -W- (E p) 229:0\ntty1 -WU (E p) 4:1\n", "hvc0 tty1")]
    [InlineData("", "")]
    [InlineData("x(EW)\nttyS0(E) -W-\n", "")]
    public void Other_consoles(string procConsoles, string expected) =>
        Assert.Equal(expected, string.Join(' ', ConsoleMirror.OtherConsoles(procConsoles)));
}
