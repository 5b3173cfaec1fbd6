using Pid1;

namespace Tests.UnitInit;

public sealed class KernelCmdlineTests
{
    [Theory]
    [InlineData("console=ttyS0 panic=-1", new[] { "console=ttyS0", "panic=-1" })]
    [InlineData("  a   b\tc\n", new[] { "a", "b", "c" })]
    [InlineData("x=\"with space\" y", new[] { "x=with space", "y" })]
    [InlineData("\"quoted word\"", new[] { "quoted word" })]
    [InlineData("", new string[0])]
    [InlineData("k=", new[] { "k=" })]
    internal void SplitsLikeTheKernel(string text, string[] words) => Assert.Equal(words, KernelCmdline.Split(text));

    [Fact]
    public void OptionsAndFlags()
    {
        var c = KernelCmdline.Parse("console=tty0 console=ttyS0 quiet root=/dev/vda a=b=c\n");
        Assert.Equal("ttyS0", c.Value("console")); // the last one wins, as the console does
        Assert.True(c.Has("quiet"));
        Assert.Null(c.Value("quiet"));
        Assert.Equal("/dev/vda", c.Value("root"));
        Assert.Equal("b=c", c.Value("a"));
        Assert.False(c.Has("missing"));
        Assert.Null(c.Value("missing"));
    }

    [Theory]
    [InlineData("console=ttyS0 debug", true)]
    [InlineData("init.debug", true)]
    [InlineData("debug=1", true)]
    [InlineData("console=ttyS0", false)]
    [InlineData("nodebug debugfs=on", false)]
    internal void DebugMode(string text, bool debug) => Assert.Equal(debug, KernelCmdline.Parse(text).Debug);

    [Fact]
    public void MissingFileReadsAsEmpty() =>
        Assert.False(KernelCmdline.ReadProc("/nonexistent/cmdline").Has("debug"));
}
