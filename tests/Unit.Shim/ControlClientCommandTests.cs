using Shim.Control;

namespace Tests.UnitShim;

/// <summary>initctl exec's and ctr's command lines, init's tasks answer as the client reads it, and ctr's table.</summary>
public sealed class ControlClientCommandTests
{
    [Theory]
    [InlineData("web sh", "web", "sh")]
    [InlineData("-t web sh -c 'echo hi'", "web", "sh -c 'echo hi'")]
    [InlineData("-it web -- ls -l /", "web", "ls -l /")]
    [InlineData("web -- --weird-name", "web", "--weird-name")]
    public void Exec_takes_options_then_the_name_then_the_command_whole(string line, string name, string command)
    {
        var parsed = ServiceExec.Parse(line.Split(' '), out var error);
        Assert.Null(error);
        Assert.Equal(name, parsed!.Value.Name);
        Assert.Equal(command, string.Join(' ', parsed.Value.Command));
    }

    [Theory]
    [InlineData("", "no service name")]
    [InlineData("web", "no command to run in web")]
    [InlineData("web --", "no command to run in web")]
    [InlineData("--user 0 web sh", "unknown option --user")]
    public void Exec_without_a_name_or_command_says_what_is_missing(string line, string message)
    {
        Assert.Null(ServiceExec.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), out var error));
        Assert.Equal(message, error?.ToString());
        Assert.Equal(0, error!.Errno.Value);
    }

    [Fact]
    public void Tasks_lines_parse_and_map_to_ctr_statuses()
    {
        var tasks = ServiceTask.Parse("web\tready\t123\t100\t/containers/services/web\nold\texited\t0\t0\t/containers/services/old\nbroken line\n");
        Assert.Equal([new ServiceTask("web", "ready", 123, 100, "/containers/services/web"), new ServiceTask("old", "exited", 0, 0, "/containers/services/old")], tasks);
        Assert.Equal(["RUNNING", "STOPPED"], tasks.Select(t => t.CtrStatus));
        Assert.Equal("CREATED", new ServiceTask("x", "starting", 0, 0, "/").CtrStatus);
        Assert.Equal("RUNNING", new ServiceTask("x", "stopping", 9, 8, "/").CtrStatus);
    }

    [Fact]
    public void Ctr_task_ls_prints_ctrs_columns()
    {
        var table = CtrCommand.Table([new ServiceTask("getty", "up", 412, 400, "/c"), new ServiceTask("a-much-longer-name", "failed", 0, 0, "/c")], quiet: false);
        Assert.Equal(
            "TASK                 PID       STATUS\n" +
            "getty                412       RUNNING\n" +
            "a-much-longer-name   0         STOPPED\n", table);
        Assert.Equal("getty\na-much-longer-name\n", CtrCommand.Table([new ServiceTask("getty", "up", 1, 1, "/"), new ServiceTask("a-much-longer-name", "up", 2, 2, "/")], quiet: true));
    }

    [Theory]
    [InlineData("task ls", "task ls")]
    [InlineData("-n services.linuxkit task ls", "task ls")]
    [InlineData("--namespace=services.linuxkit t ls", "t ls")]
    [InlineData("--debug -a /run/containerd/containerd.sock tasks list -q", "tasks list -q")]
    public void Ctrs_global_options_are_passed_over(string line, string words) =>
        Assert.Equal(words, string.Join(' ', CtrCommand.SkipGlobalOptions(line.Split(' '))));

    [Theory]
    [InlineData("--exec-id sh1 -t web sh", "-t web sh")]
    [InlineData("--exec-id=x web ls -l", "web ls -l")]
    [InlineData("-t --exec-id 7 web -- top", "-t web -- top")]
    public void Ctr_task_exec_becomes_initctl_exec(string line, string initctl) =>
        Assert.Equal(initctl, string.Join(' ', CtrCommand.ExecArguments(line.Split(' '))));

    [Theory]
    [InlineData("task kill web", "use: initctl stop web")]
    [InlineData("t start web", "use: initctl start web")]
    [InlineData("task attach web", "use: initctl logs -f web")]
    [InlineData("task ps web", "use: initctl status web")]
    [InlineData("c ls", "use: initctl list")]
    [InlineData("images pull docker.io/library/alpine:latest", "use: initctl list | status NAME")]
    public void Every_other_ctr_command_names_its_initctl_equivalent(string line, string expected)
    {
        var message = CtrCommand.Equivalent(line.Split(' '));
        Assert.StartsWith($"ctr {line}: there is no containerd here, only 'ctr task ls' and 'ctr task exec'; ", message);
        Assert.Contains(expected, message);
    }
}
