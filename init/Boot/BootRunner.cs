using System.Diagnostics;
using Linux.Native;

namespace Pid1.Boot;

/// <summary>Runs the stages in order, one console line each; a fatal stage's failure stops the boot.</summary>
internal static class BootRunner
{
    /// <summary>Thrown when a fatal stage fails; Program turns it into the panic path.</summary>
    internal sealed class FatalStageException(string message) : Exception(message);

    public static void Run(IReadOnlyList<IBootStage> stages, BootContext context)
    {
        foreach (var stage in stages)
        {
            var started = Stopwatch.GetTimestamp();
            Linux.SysError? error;
            try { error = stage.Run(context); }
            catch (Linux.SysException e) { error = e.Error; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { error = Linux.SysError.Of(stage.Name, e); }
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (error is null)
            {
                context.Log.Information("boot: {Stage} done ({Ms:F0} ms)", stage.Name, ms);
                continue;
            }
            if (stage.Policy == FailurePolicy.Fatal)
            {
                context.Log.Fatal("boot: {Stage} failed: {Error}", stage.Name, error.ToString());
                throw new FatalStageException($"boot stage {stage.Name}: {error}");
            }
            context.Log.Warning("boot: {Stage} failed: {Error}", stage.Name, error.ToString());
        }
        context.Log.Information("boot: mounts done (boottime {Boot:F3} s)", Time.BootSeconds());
    }
}
