using System.Globalization;

namespace Builder.Yaml;

/// <summary>A <c>uid</c>, <c>gid</c> or <c>additionalGids</c> entry: a number, or a name resolved when the
/// bundle is written (<see cref="Bundles.IdResolver"/>); <c>root</c> and the empty string are 0, as in LinuxKit.</summary>
internal sealed record IdValue(uint? Number, string? Name, YamlCursor At)
{
    public static IdValue Read(YamlCursor c)
    {
        var text = c.String();
        if (text is "" or "root") return new IdValue(0, null, c);
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return new IdValue(n, null, c);
        if (text.StartsWith('-') || char.IsAsciiDigit(text[0]))
            throw c.Fail($"expected a non-negative number or a name, found \"{text}\"");
        return new IdValue(null, text, c);
    }
}
