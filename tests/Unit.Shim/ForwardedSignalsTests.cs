using Linux.Native;
using Oci;

namespace Tests.UnitShim;

/// <summary>lib/Oci's forwarded set, used by the shim's SignalForwarder and the builder's stopSignal check.</summary>
public sealed class ForwardedSignalsTests
{
    [Theory]
    [InlineData("TERM", Signal.SIGTERM)]
    [InlineData("INT", Signal.SIGINT)]
    [InlineData("HUP", Signal.SIGHUP)]
    [InlineData("QUIT", Signal.SIGQUIT)]
    [InlineData("USR1", Signal.SIGUSR1)]
    [InlineData("USR2", Signal.SIGUSR2)]
    public void Each_forwarded_signal_has_its_signal_h_number(string name, int number)
    {
        Assert.Contains((name, number), ForwardedSignals.All);
        Assert.Equal(number, ForwardedSignals.FromName("SIG" + name));
        Assert.Equal("SIG" + name, Signal.Name(number));
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("SIGCHLD")]
    [InlineData("term")]
    public void Others_are_not_forwarded(string name) => Assert.Null(ForwardedSignals.FromName(name));

    [Fact]
    public void The_set_has_six_signals() => Assert.Equal(6, ForwardedSignals.All.Count);
}
