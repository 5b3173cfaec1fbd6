using Microsoft.Win32.SafeHandles;

namespace Builder.Tree;

/// <summary>
/// An append-only temp file holding every regular file read from a layer. Layers are gzip streams
/// that cannot be re-read cheaply, and a rootfs may hold ~100 MB, so contents go here instead of RAM.
/// Positional I/O keeps readers and the writer independent of a shared stream position.
/// </summary>
internal sealed class ContentSpool : IDisposable
{
    private readonly SafeFileHandle _handle;
    private long _end;

    public ContentSpool(string directory)
    {
        var path = Path.Combine(directory, "content.spool");
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    /// <summary>Copies <paramref name="source"/> to its end and returns where it landed.</summary>
    public FileContent Append(Stream? source)
    {
        var start = _end;
        if (source is not null)
        {
            var buffer = new byte[81920];
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                RandomAccess.Write(_handle, buffer.AsSpan(0, n), _end);
                _end += n;
            }
        }
        return new SpooledContent(_handle, start, _end - start);
    }

    public void Dispose() => _handle.Dispose();

    private sealed class SpooledContent(SafeFileHandle handle, long offset, long length) : FileContent
    {
        public override long Length => length;

        public override Stream OpenRead() => new SpoolRangeStream(handle, offset, length);
    }
}
