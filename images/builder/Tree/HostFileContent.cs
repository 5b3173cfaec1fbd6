namespace Builder.Tree;

/// <summary>A file taken from the build host as it is (our init and shim binaries).</summary>
internal sealed class HostFileContent : FileContent
{
    private readonly string _path;

    public HostFileContent(string path)
    {
        _path = path;
        Length = new FileInfo(path).Length;
    }

    public override long Length { get; }

    public override Stream OpenRead() => File.OpenRead(_path);
}
