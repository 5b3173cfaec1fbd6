using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;

namespace Pid1.Hosting;

/// <summary>Serilog set up in code: one uncoloured console sink (colours would make the runtime probe the terminal).</summary>
internal static class InitLogging
{
    public const string Template = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(bool debug) => new LoggerConfiguration()
        .MinimumLevel.Is(debug ? LogEventLevel.Debug : LogEventLevel.Information)
        .WriteTo.Console(outputTemplate: Template, theme: ConsoleTheme.None, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateLogger();
}
