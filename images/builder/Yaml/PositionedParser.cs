using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Builder.Yaml;

/// <summary>YamlDotNet's parser, remembering where the last event it gave ended: some malformed input makes its
/// scanner throw InvalidOperationException instead of a YamlException with a position (found by tests/Unit.Fuzz),
/// and the error must still say where to look.</summary>
internal sealed class PositionedParser(string text) : IParser
{
    private readonly Parser _inner = new(new StringReader(text));

    public Mark LastEnd { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => _inner.Current;

    public bool MoveNext()
    {
        var moved = _inner.MoveNext();
        if (_inner.Current is { } e) LastEnd = e.End;
        return moved;
    }
}
