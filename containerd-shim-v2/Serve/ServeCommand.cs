using System.Net.Sockets;
using ShimV2.Start;
using ShimV2.Ttrpc;

namespace ShimV2.Serve;

/// <summary>
/// The serving daemon <c>start</c> spawned: a child subreaper answering the Task service on the listener it
/// got as fd 3 until Shutdown, then it removes its socket and exits.
/// </summary>
internal static class ServeCommand
{
    private const int ListenerFd = 3;

    public static int Run(ShimFlags flags)
    {
        Reaper.Start();
        MigrationPrimer.Prime();
        var listener = new Socket(new SafeSocketHandle(ListenerFd, ownsHandle: true));
        var events = new EventPublisher(flags.Namespace, Environment.GetEnvironmentVariable("TTRPC_ADDRESS"));
        var socketPath = ShimAddress.SocketPath(flags.Address, flags.Namespace, flags.Id); // no OpenSSL: Start/Sha256.cs
        var exiting = false;
        var service = new TaskService(flags, events, () => Volatile.Write(ref exiting, true));
        TtrpcServer.Serve(listener, request =>
        {
            IdleRelease.Touch();
            return service.Handle(request);
        }, answered: request =>
        {
            // Shutdown was answered: containerd waits for our connection to close, so no time is lost here
            if (request.Method != "Shutdown" || !Volatile.Read(ref exiting)) return;
            events.Drain(TimeSpan.FromSeconds(5));
            try
            {
                File.Delete(socketPath);
            }
            catch (IOException)
            {
            }
            Environment.Exit(0);
        });
        return 0;
    }
}
