using System.Net.Sockets;
using Google.Protobuf;
using ShimV2.Protocol.Ttrpc;

namespace ShimV2.Ttrpc;

/// <summary>
/// ttrpc's client side, one call at a time (the shim only forwards events to containerd, in order):
/// requests on odd stream ids 1, 3, 5..., each answer read before the next request.
/// </summary>
public sealed class TtrpcClient : IDisposable
{
    private readonly FrameChannel _channel;
    private readonly Lock _call = new();
    private uint _nextStream = 1;

    private TtrpcClient(FrameChannel channel) => _channel = channel;

    public static TtrpcClient Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TtrpcClient(new FrameChannel(new NetworkStream(socket, ownsSocket: true)));
    }

    public static TtrpcClient Over(Stream stream) => new(new FrameChannel(stream));

    /// <summary>Calls SERVICE/METHOD and returns the response's payload; the peer's status as an
    /// <see cref="RpcException"/>, a broken connection as an <see cref="IOException"/>.</summary>
    public ByteString Call(string service, string method, IMessage request)
    {
        lock (_call)
        {
            var streamId = _nextStream;
            _nextStream += 2;
            var envelope = new Request { Service = service, Method = method, Payload = request.ToByteString() };
            _channel.Write(streamId, FrameHeader.Request, envelope.ToByteArray());
            while (true)
            {
                var frame = _channel.Read() ?? throw new IOException($"ttrpc: {service}/{method}: connection closed before the response");
                if (frame.Header.Type != FrameHeader.Response || frame.Header.StreamId != streamId) continue;
                var response = Response.Parser.ParseFrom(frame.Payload);
                if (response.Status is { Code: not 0 } status)
                    throw new RpcException((RpcCode)status.Code, $"{service}/{method}: {status.Message}");
                return response.Payload;
            }
        }
    }

    public void Dispose() => _channel.Dispose();
}
