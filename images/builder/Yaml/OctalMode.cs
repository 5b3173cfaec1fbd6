namespace Builder.Yaml;

/// <summary>A file mode written as an octal string, <c>"0644"</c>, as LinuxKit's <c>mode</c> keys are.</summary>
internal static class OctalMode
{
    public static uint Read(YamlCursor c)
    {
        var text = c.String();
        if (text.Length is 0 or > 5 || !text.All(ch => ch is >= '0' and <= '7'))
            throw c.Fail($"expected an octal mode such as \"0644\", found \"{text}\"");
        var mode = Convert.ToUInt32(text, 8);
        return mode <= 0xFFF ? mode : throw c.Fail($"mode \"{text}\" is larger than 07777");
    }
}
