using Pid1.Modprobe;

namespace Tests.UnitInit;

public sealed class ModprobeCommandTests
{
    // The kernel's call (kernel/module/kmod.c) and what a person might type.
    [Theory]
    [InlineData(new[] { "-q", "--", "fs-ext4" }, new[] { "fs-ext4" })]
    [InlineData(new[] { "-q", "--", "-odd-name" }, new[] { "-odd-name" })]
    [InlineData(new[] { "crypto-crc32c", "-q", "fs-ext4" }, new[] { "crypto-crc32c", "fs-ext4" })]
    [InlineData(new[] { "-q" }, new string[0])]
    internal void NamesAreTheWordsThatAreNotOptions(string[] args, string[] names) =>
        Assert.Equal(names, ModprobeCommand.Requests(args));

    [Theory]
    [InlineData("/usr/sbin/cinit-modprobe", true)]
    [InlineData("cinit-modprobe", true)]
    [InlineData("/init", false)]
    [InlineData("/sbin/modprobe", false)]
    internal void AnswersOnlyToItsOwnName(string argv0, bool helper) => Assert.Equal(helper, ModprobeCommand.IsCalledAs(argv0));
}
