namespace Builder.Yaml;

/// <summary>An <c>image:</c> value, with the directory it is relative to and where it was written.</summary>
internal sealed record ImageReference(string Value, string BaseDirectory, YamlCursor At)
{
    public static ImageReference Read(YamlCursor c)
    {
        var value = c.String();
        if (value.Length == 0) throw c.Fail("expected an image path");
        return new ImageReference(value, c.Directory, c);
    }
}
