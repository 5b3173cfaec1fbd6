namespace Builder.Yaml;

/// <summary>A file mode written as an octal string, <c>"0644"</c>, as LinuxKit's <c>mode</c> keys are.</summary>
internal static class OctalMode
{
    /// <summary>
    /// A device's mode, which LinuxKit holds as a number (os.FileMode), not a string: a YAML <c>0666</c> is read
    /// as octal (YAML 1.1, as LinuxKit's parser does), and a label, being JSON written by LinuxKit, holds it in
    /// decimal (<c>438</c>). So: a leading 0 or a quoted string is octal, other plain digits are decimal.
    /// </summary>
    public static uint ReadNumber(YamlCursor c)
    {
        if (c.Node is not YamlDotNet.RepresentationModel.YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } text }
            || text.StartsWith('0') || !text.All(char.IsAsciiDigit))
            return Read(c);
        return uint.TryParse(text, out var mode) && mode <= 0xFFF ? mode : throw c.Fail($"mode {text} is larger than 07777 (4095)");
    }

    public static uint Read(YamlCursor c)
    {
        var text = c.String();
        if (text.Length is 0 or > 5 || !text.All(ch => ch is >= '0' and <= '7'))
            throw c.Fail($"expected an octal mode such as \"0644\", found \"{text}\"");
        var mode = Convert.ToUInt32(text, 8);
        return mode <= 0xFFF ? mode : throw c.Fail($"mode \"{text}\" is larger than 07777");
    }
}
