using System.Text.Json;

namespace Tests.UnitShim;

/// <summary>A JSON syntax error in words. The NativeAOT shim and init have only the reader's resource keys
/// (docs/facts.md); these tests build such messages as that build sees them, and keep the real sentence of a
/// build with resource strings.</summary>
public sealed class JsonProblemTests
{
    [Theory]
    [InlineData("ZeroDepthAtEnd, LineNumber: 1 | BytePositionInLine: 0.", "the text ends before the JSON does")]
    [InlineData("ExpectedStartOfValueNotFound, } LineNumber: 0 | BytePositionInLine: 9.", "expected a value (found '}')")]
    [InlineData("ExpectedSeparatorAfterPropertyNameNotFound, 1 LineNumber: 0 | BytePositionInLine: 5.", "expected ':' after a property name (found '1')")]
    [InlineData("TrailingCommaNotAllowedBeforeObjectEnd LineNumber: 1 | BytePositionInLine: 27.", "a comma before a closing bracket")]
    [InlineData("SomeKeyNotKnownHere, x LineNumber: 0 | BytePositionInLine: 1.", "SomeKeyNotKnownHere, x")]
    public void A_resource_key_becomes_words(string message, string expected) =>
        Assert.Equal(expected, Oci.JsonProblem.Describe(new JsonException(message)));

    [Fact]
    public void With_resource_strings_the_sentence_is_kept_without_its_position()
    {
        var e = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\"a\": "));
        var words = Oci.JsonProblem.Describe(e);
        Assert.DoesNotContain("LineNumber", words);
        Assert.NotEmpty(words);
    }
}
