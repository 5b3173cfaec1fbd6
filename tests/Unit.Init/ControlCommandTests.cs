using Pid1.Control;

namespace Tests.UnitInit;

/// <summary>The request line of the control socket: every verb, the flags, and what is refused and why.</summary>
public sealed class ControlCommandTests
{
    [Theory]
    [InlineData("list", "list", null, false, false)]
    [InlineData("--json list", "list", null, true, false)]
    [InlineData("list --json", "list", null, true, false)]
    [InlineData("  status   web  ", "status", "web", false, false)]
    [InlineData("--json status web", "status", "web", true, false)]
    [InlineData("start web", "start", "web", false, false)]
    [InlineData("stop web", "stop", "web", false, false)]
    [InlineData("restart web", "restart", "web", false, false)]
    [InlineData("logs web", "logs", "web", false, false)]
    [InlineData("logs -f web", "logs", "web", false, true)]
    [InlineData("logs kernel", "logs", "kernel", false, false)]
    [InlineData("poweroff", "poweroff", null, false, false)]
    [InlineData("reboot", "reboot", null, false, false)]
    [InlineData("halt", "halt", null, false, false)]
    public void Parses(string line, string verb, string? name, bool json, bool follow)
    {
        var command = ControlCommand.Parse(line, out var error);
        Assert.Null(error);
        Assert.Equal(new ControlCommand(verb, name, json, follow), command);
    }

    [Theory]
    [InlineData("", "empty request; usage: initctl")]
    [InlineData("--json", "empty request; usage: initctl")]
    [InlineData("frobnicate web", "unknown command 'frobnicate'; usage: initctl")]
    [InlineData("status", "status: needs exactly one service name")]
    [InlineData("stop a b", "stop: needs exactly one service name")]
    [InlineData("list web", "list: takes no name")]
    [InlineData("poweroff now", "poweroff: takes no name")]
    [InlineData("status -f web", "status: -f is only for logs")]
    public void Refuses(string line, string expected)
    {
        Assert.Null(ControlCommand.Parse(line, out var error));
        Assert.Equal(0, error!.Errno.Value);
        Assert.StartsWith(expected, error.ToString());
    }
}
