namespace Builder.Tree;

/// <summary>Where a regular file's bytes are; read only when the cpio is written, so memory stays flat.</summary>
internal abstract class FileContent
{
    public abstract long Length { get; }

    public abstract Stream OpenRead();
}
