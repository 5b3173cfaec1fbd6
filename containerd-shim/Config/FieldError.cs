using Linux;

namespace Shim.Config;

/// <summary>A config.json problem, named by its field path as a user would find it in the file:
/// <c>mounts[3].options[1]: unknown mount option "rbnd"</c>.</summary>
internal static class FieldError
{
    public static SysException At(string field, string problem) => new(SysError.Plain($"{field}: {problem}"));
}
