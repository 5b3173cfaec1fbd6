using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShimV2.Protocol.Types;
using ShimV2.Ttrpc;

namespace ShimV2.Serve;

/// <summary>
/// Sends task events to containerd in the order they happened, through
/// <c>containerd.services.events.ttrpc.v1.Events/Forward</c> on <c>$TTRPC_ADDRESS</c> (containerd 1.6 sets it for
/// its shims) from one thread, so a slow containerd never holds up a task call. Each event is an Any whose type
/// URL is the bare message name (<c>containerd.events.TaskExit</c>), as containerd's typeurl writes and reads it.
/// </summary>
internal sealed class EventPublisher
{
    private readonly BlockingCollection<Envelope> _queue = new();
    private readonly string _namespace;
    private readonly string? _address;
    private TtrpcClient? _client;
    private int _pending;

    public EventPublisher(string ns, string? address)
    {
        _namespace = ns;
        _address = address is { Length: > 0 } ? Start.ShimAddress.PathOf(address) : null;
        if (_address is null) Log.Write("TTRPC_ADDRESS is not set: task events are not published");
        new Thread(Loop) { IsBackground = true, Name = "events" }.Start();
    }

    public void Publish(string topic, IMessage message)
    {
        if (_address is null) return;
        Interlocked.Increment(ref _pending);
        _queue.Add(new Envelope
        {
            Timestamp = Timestamp.FromDateTime(DateTime.UtcNow),
            Namespace = _namespace,
            Topic = topic,
            Event = new Any { TypeUrl = message.Descriptor.FullName, Value = message.ToByteString() },
        });
    }

    /// <summary>Waits up to <paramref name="timeout"/> for what was published to be sent (before the shim exits).</summary>
    public void Drain(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _pending) > 0 && DateTime.UtcNow < until) Thread.Sleep(10);
    }

    private void Loop()
    {
        foreach (var envelope in _queue.GetConsumingEnumerable())
        {
            // one retry on a fresh connection: containerd may have restarted since the last event
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    _client ??= TtrpcClient.Connect(_address!);
                    _client.Call("containerd.services.events.ttrpc.v1.Events", "Forward", new ForwardRequest { Envelope = envelope });
                    break;
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or RpcException)
                {
                    Log.Write($"publish {envelope.Topic}: {e.Message}");
                    _client?.Dispose();
                    _client = null;
                }
            }
            Interlocked.Decrement(ref _pending);
        }
    }
}
