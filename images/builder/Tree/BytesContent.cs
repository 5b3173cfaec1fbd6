namespace Builder.Tree;

/// <summary>Small generated files: config.json, <c>files:</c> contents.</summary>
internal sealed class BytesContent(byte[] bytes) : FileContent
{
    public override long Length => bytes.Length;

    public override Stream OpenRead() => new MemoryStream(bytes, writable: false);
}
