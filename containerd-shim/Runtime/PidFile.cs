using System.Globalization;
using Linux;

namespace Shim.Runtime;

/// <summary>--pid-file: the container's pid in decimal, without a newline (as runc writes it), put in
/// place by rename so a reader never sees an empty file.</summary>
internal static class PidFile
{
    public static SysError? Write(string path, int pid)
    {
        var temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture));
            File.Move(temporary, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysError($"write pid file {path}", ExceptionErrno.Of(e));
        }
    }
}
