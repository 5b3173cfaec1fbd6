using Pid1.Logs;

namespace Tests.UnitInit;

/// <summary>Container output split into lines with a length cap: a megabyte line costs a fixed buffer.</summary>
public sealed class LogLineReaderTests
{
    private static async Task<List<string>> ReadAll(string text, int max)
    {
        var reader = new BoundedLineReader(new StringReader(text), max);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line) lines.Add(line);
        return lines;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a\n", new[] { "a" })]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("\n\n", new[] { "", "" })]
    [InlineData("abcdefghij\n", new[] { "abcd", "efgh", "ij" })]
    [InlineData("abcd\nef\n", new[] { "abcd", "ef" })]
    [InlineData("abcd\n\nef", new[] { "abcd", "", "ef" })]
    public async Task Splits_lines_and_cuts_long_ones(string text, string[] expected) =>
        Assert.Equal(expected, await ReadAll(text, 4));

    [Fact]
    public async Task A_megabyte_line_comes_out_in_capped_pieces_with_nothing_lost()
    {
        var big = new string('x', 1024 * 1024);
        var lines = await ReadAll(big + "\nafter\n", BoundedLineReader.DefaultMaxChars);
        Assert.Equal(1024 * 1024 / BoundedLineReader.DefaultMaxChars + 1, lines.Count);
        Assert.All(lines[..^1], l => Assert.Equal(BoundedLineReader.DefaultMaxChars, l.Length));
        Assert.Equal(big, string.Concat(lines[..^1]));
        Assert.Equal("after", lines[^1]);
    }
}
