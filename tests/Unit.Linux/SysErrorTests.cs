using Linux;

namespace Tests.UnitLinux;

public sealed class SysErrorTests
{
    [Theory]
    [InlineData(Errno.EBUSY, "EBUSY (Device or resource busy)")]
    [InlineData(Errno.ENOENT, "ENOENT (No such file or directory)")]
    [InlineData(Errno.EPERM, "EPERM (Operation not permitted)")]
    public void Errno_prints_name_and_message(int value, string expected) =>
        Assert.Equal(expected, new Errno(value).ToString());

    [Fact]
    public void Context_is_added_outermost_first()
    {
        var error = new SysError("mount tmpfs on /run", new Errno(Errno.EBUSY))
            .Wrap("create container").Wrap("service web");
        Assert.Equal("service web: create container: mount tmpfs on /run: EBUSY (Device or resource busy)", error.ToString());
    }

    [Fact]
    public void Plain_errors_have_no_errno_suffix() =>
        Assert.Equal("config: bad", SysError.Plain("bad").Wrap("config").ToString());
}
