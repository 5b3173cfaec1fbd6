using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pid1.Supervision;
using Serilog;

namespace Pid1.Hosting;

/// <summary>
/// The generic host, kept minimal: a bare HostBuilder (no default builder: no configuration sources, no
/// reload watches over the whole root, which cost 780 ms under TCG), logging providers cleared and
/// replaced by our Serilog logger, and <see cref="Pid1Lifetime"/> instead of the console lifetime.
/// </summary>
internal static class InitHost
{
    public static IHost Build(Serilog.Core.Logger logger, ChannelWriter<InitEvent> events, out double buildMs)
    {
        var started = Stopwatch.GetTimestamp();
        var host = new HostBuilder()
            .UseContentRoot("/")
            .ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.Zero)
            .ConfigureLogging(l => l.ClearProviders())
            .UseSerilog(logger, dispose: false)
            .ConfigureServices(s => s.AddSingleton<IHostLifetime>(new Pid1Lifetime(events)))
            .Build();
        buildMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return host;
    }
}
