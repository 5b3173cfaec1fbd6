using Pid1.Control;

namespace Tests.UnitInit;

public sealed class ServiceTasksTests
{
    [Fact]
    public void One_tab_separated_line_per_service() =>
        Assert.Equal("web\tready\t123\t100\t/containers/services/web\nold\texited\t0\t0\t/containers/services/old\n",
            ServiceTasks.Format([new("web", "ready", 123, 100, "/containers/services/web"), new("old", "exited", 0, 0, "/containers/services/old")]));

    [Fact]
    public void The_tasks_verb_takes_no_name_or_one()
    {
        Assert.Equal(new ControlCommand("tasks", null, false, false), ControlCommand.Parse("tasks", out _));
        Assert.Equal(new ControlCommand("tasks", "web", false, false), ControlCommand.Parse("tasks web", out _));
        Assert.Null(ControlCommand.Parse("tasks a b", out var error));
        Assert.Equal("tasks: takes at most one service name", error?.ToString());
    }

    [Theory]
    [InlineData("412 (sh) S 400 412 412 0 -1 4194560 108 0 0 0 0 0 0 0 20 0 1 0 987 1712128 229 18446744073709551615", 400, 987ul)]
    [InlineData("77 (a (weird) name) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 0", 1, 5ul)]
    public void Stat_lines_give_the_parent_and_the_start_time(string stat, int ppid, ulong start) =>
        Assert.Equal((ppid, start), ContainerProcess.ParseStat(stat));

    [Theory]
    [InlineData("")]
    [InlineData("12 (truncated) S 1")]
    public void Broken_stat_lines_give_nothing(string stat) => Assert.Null(ContainerProcess.ParseStat(stat));

    [Fact]
    public void The_oldest_child_of_a_process_is_found_in_proc()
    {
        // A shell with two children of its own, the first reported on stdout: only the shell's children count.
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "sleep 5 & echo $!; sleep 5 & wait"]) { RedirectStandardOutput = true };
        using var shell = System.Diagnostics.Process.Start(psi)!;
        try
        {
            var first = int.Parse(shell.StandardOutput.ReadLine()!);
            Thread.Sleep(100); // the second sleep
            Assert.Equal(first, ContainerProcess.FirstChildOf(shell.Id));
            Assert.Null(ContainerProcess.FirstChildOf(first));
        }
        finally { shell.Kill(entireProcessTree: true); }
    }
}
