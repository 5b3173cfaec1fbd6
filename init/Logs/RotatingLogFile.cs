using System.Globalization;
using System.Text;

namespace Pid1.Logs;

/// <summary>
/// A container's log file, <c>/var/log/NAME.log</c>: one line per output line, prefixed with the UTC time
/// it was read. When the next line would take the file past <see cref="MaxBytes"/>, NAME.log becomes
/// NAME.log.1 (older ones shift up, the oldest beyond <see cref="Keep"/> files in all is dropped) and a new
/// NAME.log starts, so a crash-looping or chatty service costs at most MaxBytes x Keep of /var/log (a tmpfs,
/// so RAM). Rotation renames, never copies: a reader that has the old file open keeps reading it to the end.
/// One writer per file (the container's output pump); not thread-safe.
/// </summary>
internal sealed class RotatingLogFile : IDisposable
{
    public const long DefaultMaxBytes = 1024 * 1024;
    public const int DefaultKeep = 5;

    private readonly string _path;
    private FileStream? _file;
    private long _size;

    public RotatingLogFile(string path, long maxBytes = DefaultMaxBytes, int keep = DefaultKeep)
    {
        _path = path;
        MaxBytes = maxBytes;
        Keep = Math.Max(1, keep);
    }

    public long MaxBytes { get; }

    /// <summary>How many files the log may use, the current one included.</summary>
    public int Keep { get; }

    /// <summary>The rotated file number <paramref name="n"/> (1 is the newest); 0 is the current one.</summary>
    public static string Generation(string path, int n) => n == 0 ? path : $"{path}.{n}";

    /// <summary>Appends one timestamped line; the IOException of a full or missing /var/log goes to the caller.</summary>
    public void Append(DateTime utc, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(utc, line));
        if (_file is null) Open();
        if (_size > 0 && _size + bytes.Length > MaxBytes)
        {
            Rotate();
            Open();
        }
        _file!.Write(bytes);
        _file.Flush();
        _size += bytes.Length;
    }

    public static string Format(DateTime utc, string line) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + line + "\n";

    private void Open()
    {
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _size = _file.Length;
    }

    private void Rotate()
    {
        _file?.Dispose();
        _file = null;
        File.Delete(Generation(_path, Keep - 1)); // no-op when it does not exist
        for (var n = Keep - 2; n >= 0; n--)
        {
            var from = Generation(_path, n);
            if (File.Exists(from)) File.Move(from, Generation(_path, n + 1), overwrite: true);
        }
    }

    public void Dispose() => _file?.Dispose();
}
