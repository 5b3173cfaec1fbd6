using System.Net.Sockets;
using Google.Protobuf;
using ShimV2.Protocol.Ttrpc;

namespace ShimV2.Ttrpc;

/// <summary>Answers one request: the response message's bytes, or an <see cref="RpcException"/> for its status.</summary>
public delegate Task<IMessage> RpcHandler(Request request);

/// <summary>
/// ttrpc's server side on an AF_UNIX stream socket: a thread per connection reads request frames, and each
/// request runs on the thread pool, so a blocking call (Wait until the task exits) never holds up the calls
/// containerd multiplexes on the same connection; the response goes back on the request's stream id.
/// </summary>
public static class TtrpcServer
{
    /// <summary>Accepts connections until the listener is closed; <paramref name="answered"/> runs after each
    /// response was written (a Shutdown ends the process only once its answer is out).</summary>
    public static void Serve(Socket listener, RpcHandler handler, Action<Request>? answered = null)
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var thread = new Thread(() => ServeConnection(new FrameChannel(new NetworkStream(connection, ownsSocket: true)), handler, answered))
            {
                IsBackground = true,
                Name = "ttrpc connection",
            };
            thread.Start();
        }
    }

    /// <summary>Reads requests until the peer closes; what breaks the connection ends only this connection.</summary>
    public static void ServeConnection(FrameChannel channel, RpcHandler handler, Action<Request>? answered = null)
    {
        using (channel)
        {
            try
            {
                while (channel.Read() is { } frame)
                {
                    if (frame.Header.Type != FrameHeader.Request) continue; // no streams here: data frames are dropped
                    var streamId = frame.Header.StreamId;
                    _ = Task.Run(() => Answer(channel, streamId, frame.Payload, handler, answered));
                }
            }
            catch (IOException e)
            {
                Log.Write("ttrpc connection: " + e.Message);
            }
        }
    }

    private static async Task Answer(FrameChannel channel, uint streamId, byte[] payload, RpcHandler handler, Action<Request>? answered)
    {
        var response = new Response();
        Request? request = null;
        try
        {
            request = Request.Parser.ParseFrom(payload);
            var message = await handler(request).ConfigureAwait(false);
            response.Payload = message.ToByteString();
        }
        catch (InvalidProtocolBufferException e)
        {
            response.Status = new Status { Code = (int)RpcCode.InvalidArgument, Message = $"ttrpc: stream {streamId}: bad request: {e.Message}" };
        }
        catch (RpcException e)
        {
            response.Status = new Status { Code = (int)e.Code, Message = e.Message };
        }
        catch (Exception e)
        {
            // a bug of ours: say so in the status instead of leaving the caller waiting forever
            response.Status = new Status { Code = (int)RpcCode.Internal, Message = $"{request?.Service}/{request?.Method}: {e}" };
        }
        try
        {
            channel.Write(streamId, FrameHeader.Response, response.ToByteArray());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the caller went away: nobody is left to answer
        }
        if (request is not null) answered?.Invoke(request);
    }
}
