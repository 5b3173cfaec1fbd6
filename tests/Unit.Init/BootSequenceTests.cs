using Pid1.Boot;

namespace Tests.UnitInit;

public sealed class BootSequenceTests
{
    [Fact]
    public void StagesRunInTheDocumentedOrder() =>
        Assert.Equal(
            ["move-root", "mount-filesystems", "consoles", "modprobe-helper", "kernel-modules", "squashfs-root", "share-root", "hostname", "resolv-conf", "loopback", "rlimits"],
            BootSequence.Stages.Select(s => s.Name));

    [Fact]
    public void OnlyTheRootMoveAndTheMountsAreFatal() =>
        Assert.Equal(["move-root", "mount-filesystems", "squashfs-root"],
            BootSequence.Stages.Where(s => s.Policy == FailurePolicy.Fatal).Select(s => s.Name));

    [Fact]
    public void StageNamesAreUnique() =>
        Assert.Equal(BootSequence.Stages.Length, BootSequence.Stages.Select(s => s.Name).Distinct().Count());
}
