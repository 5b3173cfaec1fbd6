using System.Net.Sockets;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShimV2.Protocol.Task;
using ShimV2.Ttrpc;

namespace Tests.UnitShimV2;

/// <summary>Our ttrpc server and client over a real unix socket.</summary>
public sealed class ServerClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ttrpc-").FullName;
    private readonly Socket _listener;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.BlockingCollection<string> _answered = new();

    public ServerClientTests()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(_dir, "s")));
        _listener.Listen();
        new Thread(() => TtrpcServer.Serve(_listener, Handle, r => _answered.Add(r.Method))) { IsBackground = true }.Start();
    }

    private async Task<IMessage> Handle(ShimV2.Protocol.Ttrpc.Request request)
    {
        switch (request.Method)
        {
            case "Echo":
                return StateRequest.Parser.ParseFrom(request.Payload) is var s ? new StateResponse { Id = s.Id, ExecId = request.Service } : new Empty();
            case "Block":
                await _release.Task;
                return new WaitResponse { ExitStatus = 7 };
            case "Release":
                _release.SetResult();
                return new Empty();
            case "Bug":
                throw new InvalidOperationException("oops");
            default:
                throw new RpcException(RpcCode.NotFound, $"no method {request.Method}");
        }
    }

    private TtrpcClient Client() => TtrpcClient.Connect(Path.Combine(_dir, "s"));

    [Fact]
    public void A_call_gets_its_answer()
    {
        using var client = Client();
        for (var i = 0; i < 3; i++) // stream ids 1, 3, 5 on one connection
        {
            var answer = StateResponse.Parser.ParseFrom(client.Call("svc", "Echo", new StateRequest { Id = "c" + i }));
            Assert.Equal(("c" + i, "svc"), (answer.Id, answer.ExecId));
        }
    }

    /// <summary>The shim exits on Shutdown only once its answer is written: the hook runs after the write.</summary>
    [Fact]
    public void The_answered_hook_runs_once_a_call_was_answered()
    {
        using var client = Client();
        client.Call("svc", "Echo", new StateRequest { Id = "x" });
        Assert.True(_answered.TryTake(out var method, TimeSpan.FromSeconds(5)));
        Assert.Equal("Echo", method);
    }

    [Fact]
    public void A_handlers_status_reaches_the_caller_and_a_bug_is_an_internal_error()
    {
        using var client = Client();
        var notFound = Assert.Throws<RpcException>(() => client.Call("svc", "Nope", new Empty()));
        Assert.Equal((RpcCode.NotFound, "svc/Nope: no method Nope"), (notFound.Code, notFound.Message));
        var bug = Assert.Throws<RpcException>(() => client.Call("svc", "Bug", new Empty()));
        Assert.Equal(RpcCode.Internal, bug.Code);
        Assert.Contains("oops", bug.Message);
    }

    /// <summary>containerd keeps a Wait outstanding while it sends other calls on the same connection.</summary>
    [Fact]
    public void A_blocked_call_does_not_hold_up_the_next_one_on_the_same_connection()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Path.Combine(_dir, "s")));
        using var channel = new FrameChannel(new NetworkStream(socket, ownsSocket: true));
        channel.Write(1, FrameHeader.Request, new ShimV2.Protocol.Ttrpc.Request { Service = "s", Method = "Block" }.ToByteArray());
        channel.Write(3, FrameHeader.Request, new ShimV2.Protocol.Ttrpc.Request { Service = "s", Method = "Release" }.ToByteArray());
        var first = channel.Read()!;
        var second = channel.Read()!;
        Assert.Equal((3u, FrameHeader.Response), (first.Header.StreamId, first.Header.Type));
        Assert.Equal(1u, second.Header.StreamId);
        var wait = WaitResponse.Parser.ParseFrom(ShimV2.Protocol.Ttrpc.Response.Parser.ParseFrom(second.Payload).Payload);
        Assert.Equal(7u, wait.ExitStatus);
    }

    [Fact]
    public void A_request_that_is_not_protobuf_is_answered_invalid_argument()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(Path.Combine(_dir, "s")));
        using var channel = new FrameChannel(new NetworkStream(socket, ownsSocket: true));
        channel.Write(5, FrameHeader.Request, new byte[] { 0xff, 0xff, 0xff });
        var answer = ShimV2.Protocol.Ttrpc.Response.Parser.ParseFrom(channel.Read()!.Payload);
        Assert.Equal((int)RpcCode.InvalidArgument, answer.Status.Code);
        Assert.Contains("stream 5: bad request", answer.Status.Message);
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
