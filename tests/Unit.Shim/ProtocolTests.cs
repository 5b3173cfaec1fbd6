using Linux;
using Shim.Protocol;

namespace Tests.UnitShim;

public sealed class ProtocolTests
{
    public static TheoryData<byte> Steps() => [.. Enum.GetValues<SetupStep>().Select(s => (byte)s)];

    [Theory]
    [MemberData(nameof(Steps))]
    public void Every_step_round_trips(byte step)
    {
        var sent = new SetupFailure((SetupStep)step, new Errno(Errno.EBUSY), "mount tmpfs on /run: é");
        Assert.Equal(sent, SetupFailure.Decode(sent.Encode()));
    }

    [Fact]
    public void The_wire_format_is_step_errno_text()
    {
        var bytes = new SetupFailure(SetupStep.Exec, new Errno(Errno.ENOENT), "/bin/nope").Encode();
        Assert.Equal(new byte[] { 16, 2, 0, 0, 0, (byte)'/', (byte)'b' }, bytes[..7]);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 16, 2, 0, 0 })]
    [InlineData(new byte[] { 0, 2, 0, 0, 0 })]
    [InlineData(new byte[] { 200, 2, 0, 0, 0 })]
    [InlineData(new byte[] { 16, 255, 255, 255, 255 })]
    public void Malformed_messages_do_not_decode(byte[] message) => Assert.Null(SetupFailure.Decode(message));

    [Fact]
    public void Long_texts_are_cut_to_one_datagram()
    {
        var bytes = new SetupFailure(SetupStep.Mounts, default, new string('x', 10000)).Encode();
        Assert.Equal(SetupFailure.MaxSize, bytes.Length);
    }

    [Fact]
    public void The_error_reads_step_operation_errno()
    {
        var error = new SetupFailure(SetupStep.Exec, new Errno(Errno.ENOENT), "/bin/nope").ToError().Wrap("c1");
        Assert.Equal("c1: exec: /bin/nope: ENOENT (No such file or directory)", error.ToString());
    }
}
