using System.Text.Json;

namespace Oci;

/// <summary>
/// What a System.Text.Json syntax error says, in words, for init and the shim. Their NativeAOT builds carry no
/// resource strings (UseSystemResourceKeys, docs/facts.md): there the reader's message is its resource key and
/// argument (<c>ExpectedStartOfValueNotFound, } LineNumber: 0 | BytePositionInLine: 9.</c>), which this turns
/// into a phrase; with resource strings (tests, the builder) their own sentence is kept. The position is the
/// caller's to print (file:line:column), so the reader's own "LineNumber: ..." tail is dropped either way.
/// </summary>
public static class JsonProblem
{
    public static string Describe(JsonException e)
    {
        var message = e.Message;
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = (tail >= 0 ? message[..tail] : message).TrimEnd('.', ' ', ',');
        var comma = message.IndexOf(',');
        var key = comma >= 0 ? message[..comma] : message;
        var found = comma >= 0 && message[(comma + 1)..].Trim() is { Length: > 0 } arg ? $" (found '{arg}')" : "";
        var words = key switch
        {
            "ZeroDepthAtEnd" or "ExpectedJsonTokens" or "EndOfCommentNotFound" => "the text ends before the JSON does",
            "EndOfStringNotFound" => "a string is not closed",
            "ExpectedStartOfValueNotFound" => "expected a value",
            "ExpectedStartOfPropertyNotFound" or "ExpectedStartOfPropertyOrValueNotFound" => "expected a property name in double quotes",
            "ExpectedSeparatorAfterPropertyNameNotFound" => "expected ':' after a property name",
            "ExpectedEndAfterSingleJson" => "text after the end of the JSON value",
            "MismatchedObjectArray" => "a closing bracket does not match its opening one",
            "TrailingCommaNotAllowedBeforeObjectEnd" or "TrailingCommaNotAllowedBeforeArrayEnd" => "a comma before a closing bracket",
            "FoundInvalidCharacter" or "InvalidCharacterWithinString" or "InvalidCharacterAfterEscapeWithinString" => "a character not allowed here",
            "ExpectedEndOfDigitNotFound" or "RequiredDigitNotFoundAfterSign" or "RequiredDigitNotFoundAfterDecimal" or "RequiredDigitNotFoundEndOfData" => "a malformed number",
            "ExpectedFalse" or "ExpectedTrue" or "ExpectedNull" => "a misspelled true, false or null",
            _ => null,
        };
        return words is null ? message : words + found;
    }
}
