using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Tests.UnitFuzz;

/// <summary>
/// One fuzz pass: by default the same 20,000 inputs per target from one fixed PCG stream (repeatable,
/// seconds each in <c>./build.sh test</c>); <c>CINIT_FUZZ_SECONDS</c> hunts with random seeds for that long
/// per target, and CINIT_FUZZ_SEED replays the seed a hunt's failure printed. Each input runs on a worker thread with a deadline, so a hang fails the test with the input
/// instead of stalling the run.
/// </summary>
internal static class FuzzRun
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);
    private const string FixedSeed = "0ptlgJjpRC61";
    private const int FixedIterations = 20_000;

    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("CINIT_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 12;

    /// <summary>The seed files of <c>corpus/TARGET</c>, checked in next to the tests.</summary>
    public static List<byte[]> Corpus(string target)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "corpus", target);
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0) throw new InvalidOperationException($"no seed files in {dir}");
        return files.Select(File.ReadAllBytes).ToList();
    }

    public static void Run<T>(Gen<T> gen, Action<T> check, Func<T, string> print, ITestOutputHelper output)
    {
        // Without CINIT_FUZZ_SECONDS the pass is the same every time (a fixed seed and count, a few seconds a
        // target), so CI stays repeatable; with it, random seeds for that long, to hunt.
        // CsCheck's seed argument fixes only the first iteration (the rest are random), so the fixed pass
        // draws its inputs itself from one PCG stream: the same 20,000 every run (a CI run once failed on an
        // input no earlier run had met, from a "fixed" pass that was not).
        var hunt = Environment.GetEnvironmentVariable("CINIT_FUZZ_SECONDS") is not null;
        if (hunt || Environment.GetEnvironmentVariable("CINIT_FUZZ_SEED") is not null)
        {
            gen.Sample(input => Bounded(() => check(input)), writeLine: output.WriteLine,
                seed: Environment.GetEnvironmentVariable("CINIT_FUZZ_SEED"), iter: hunt ? -1 : 1, time: hunt ? Seconds : -1, threads: 1, print: print);
            return;
        }
        var pcg = PCG.Parse(FixedSeed);
        for (var i = 0; i < FixedIterations; i++)
        {
            var input = gen.Generate(pcg, null, out _);
            try
            {
                Bounded(() => check(input));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"input {i} of the fixed pass ({print(input)}) failed: {e}");
            }
        }
    }

    private static void Bounded(Action check)
    {
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try { check(); }
            catch (Exception e) { failure = e; }
        }, 8 * 1024 * 1024) { IsBackground = true }; // the main thread's 8 MiB, as the builder and the shim run them
        worker.Start();
        if (!worker.Join(PerInput)) throw new TimeoutException($"no answer within {PerInput.TotalSeconds} s: a hang");
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    public static string Base64(byte[] bytes) => $"{bytes.Length} bytes, base64 {Convert.ToBase64String(bytes)}";
}
