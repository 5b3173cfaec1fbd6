using System.Text;
using CsCheck;

namespace Tests.UnitFuzz;

/// <summary>
/// Inputs made from a checked-in corpus (corpus/TARGET/*): a seed file with a few byte-level edits (bit flips,
/// boundary bytes, inserted, deleted or repeated ranges, tokens of the format, a splice with another seed,
/// truncation), the mutations AFL applies, chosen by CsCheck so that a failure prints a seed that replays it.
/// </summary>
internal static class ByteMutator
{
    private static readonly byte[] Boundary = [0, 1, 0x7f, 0x80, 0xff, (byte)'"', (byte)'\\', (byte)'\n', (byte)':', (byte)'/', (byte)'.', (byte)'-', (byte)'9'];

    public static Gen<byte[]> From(IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int, Gen.Int[0, 12], (s, r, n) => Mutate(seeds, s, r, n, tokens));

    private static byte[] Mutate(IReadOnlyList<byte[]> seeds, int seedIndex, int randomSeed, int edits, IReadOnlyList<string> tokens)
    {
        var random = new Random(randomSeed);
        var bytes = new List<byte>(seeds[seedIndex]);
        for (var i = 0; i < edits; i++) Edit(bytes, random, seeds, tokens);
        return [.. bytes];
    }

    private static void Edit(List<byte> b, Random random, IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens)
    {
        var at = b.Count == 0 ? 0 : random.Next(b.Count);
        switch (random.Next(8))
        {
            case 0 when b.Count > 0: b[at] ^= (byte)(1 << random.Next(8)); break;
            case 1 when b.Count > 0: b[at] = Boundary[random.Next(Boundary.Length)]; break;
            case 2: b.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256))); break;
            case 3 when b.Count > 0: b.RemoveRange(at, Math.Min(b.Count - at, random.Next(1, 33))); break;
            case 4 when b.Count > 0: b.InsertRange(random.Next(b.Count), b.GetRange(at, Math.Min(b.Count - at, random.Next(1, 65)))); break;
            case 5 when tokens.Count > 0: b.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Count)])); break;
            case 6:
                var other = seeds[random.Next(seeds.Count)];
                var from = other.Length == 0 ? 0 : random.Next(other.Length);
                b.InsertRange(at, other.Skip(from).Take(random.Next(1, 257)));
                break;
            case 7 when b.Count > 0: b.RemoveRange(at, b.Count - at); break;
        }
    }
}
