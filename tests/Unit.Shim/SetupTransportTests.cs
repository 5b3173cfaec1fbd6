using Linux;
using Linux.Native;
using Shim.Protocol;

namespace Tests.UnitShim;

/// <summary>The handoff over a real SOCK_SEQPACKET pair, as stage 1 and stage 2 use it (Protocol/SetupTransport).</summary>
public sealed class SetupTransportTests
{
    [Fact]
    public void A_setup_larger_than_one_datagram_arrives_whole()
    {
        // Enough env to need three datagrams of 32 KiB (all fit the socket's default 208 KiB send buffer).
        var setup = new ContainerSetup { Id = "big", Args = ["/bin/true"], Env = [.. Enumerable.Range(0, 2500).Select(i => $"VARIABLE_{i}=some value {i}")] };
        var bytes = SetupCodec.Encode(setup);
        Assert.True(bytes.Length > 2 * SetupTransport.ChunkSize, $"{bytes.Length} bytes");
        Assert.Equal(0, Socket.Pair(Socket.SOCK_SEQPACKET, out var stage1, out var stage2));
        try
        {
            Assert.Null(SetupTransport.Send(stage1, bytes));
            var received = SetupTransport.Receive(stage2);
            Assert.Equal(setup.Env, received.Env);
            Assert.Equal(bytes, SetupCodec.Encode(received));
        }
        finally
        {
            Fcntl.close(stage1);
            Fcntl.close(stage2);
        }
    }

    [Fact]
    public void Stage_one_gone_before_the_setup_is_said_so()
    {
        Assert.Equal(0, Socket.Pair(Socket.SOCK_SEQPACKET, out var stage1, out var stage2));
        Fcntl.close(stage1);
        var e = Assert.Throws<SysException>(() => SetupTransport.Receive(stage2));
        Fcntl.close(stage2);
        Assert.Equal("read the container's setup from stage 1: stage 1 is gone", e.Error.ToString());
    }
}
