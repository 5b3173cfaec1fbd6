using System.Diagnostics;
using Pid1.Supervision;

namespace Tests.UnitInit;

public sealed class ContainerKillerTests
{
    /// <summary>The shim's stage 2 is found through /proc/PID/task/*/children, whichever thread spawned it.</summary>
    [Fact]
    public void ChildrenOfAProcessAreFoundInProc()
    {
        using var child = Process.Start("sleep", "5");
        try
        {
            Assert.Contains(child.Id, ContainerKiller.Children(Environment.ProcessId));
            Assert.Empty(ContainerKiller.Children(child.Id));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void AProcessThatIsGoneHasNoChildren() =>
        Assert.Empty(ContainerKiller.Children(int.MaxValue));
}
