using Linux;
using Shim;
using Shim.Protocol;

namespace Tests.UnitShim;

public sealed class ExitCodeTests
{
    public static TheoryData<int> Codes() => [.. Enumerable.Range(0, 256)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_normal_exit_passes_through(int code) =>
        Assert.Equal(code, ExitCodes.ForContainerExit(new ExitStatus(1, code, 0)));

    [Theory]
    [InlineData(1, 129)]
    [InlineData(2, 130)]
    [InlineData(9, 137)]
    [InlineData(15, 143)]
    [InlineData(31, 159)]
    public void Death_by_signal_n_is_128_plus_n(int signal, int expected) =>
        Assert.Equal(expected, ExitCodes.ForContainerExit(new ExitStatus(1, 0, signal)));

    [Theory]
    [InlineData((byte)SetupStep.Exec, Errno.ENOENT, 127)]
    [InlineData((byte)SetupStep.Exec, Errno.ENOTDIR, 127)]
    [InlineData((byte)SetupStep.Exec, Errno.EACCES, 126)]
    [InlineData((byte)SetupStep.Exec, Errno.ENOEXEC, 126)]
    [InlineData((byte)SetupStep.Exec, Errno.EPERM, 126)]
    [InlineData((byte)SetupStep.Mounts, Errno.ENOENT, 125)]
    [InlineData((byte)SetupStep.Config, 0, 125)]
    [InlineData((byte)SetupStep.Cwd, Errno.ENOENT, 125)]
    public void Setup_failures_map_like_runc(byte step, int errno, int expected) =>
        Assert.Equal(expected, ExitCodes.ForSetupFailure((SetupStep)step, new Errno(errno)));
}
