using Microsoft.Win32.SafeHandles;

namespace Builder.Tree;

/// <summary>A read-only window on the spool file (one file's bytes).</summary>
internal sealed class SpoolRangeStream(SafeFileHandle handle, long offset, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, length - _position);
        if (want <= 0) return 0;
        var n = RandomAccess.Read(handle, buffer[..want], offset + _position);
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset1, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();
}
