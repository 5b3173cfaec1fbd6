using Linux;
using Shim.Stage2;

namespace Tests.UnitShim;

public sealed class ExecLookupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("path-").FullName;

    [Fact]
    public void The_first_executable_on_PATH_wins_and_plain_files_are_skipped()
    {
        Directory.CreateDirectory($"{_dir}/a");
        Directory.CreateDirectory($"{_dir}/b");
        File.WriteAllText($"{_dir}/a/tool", "");
        File.WriteAllText($"{_dir}/b/tool", "");
        File.SetUnixFileMode($"{_dir}/b/tool", UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Assert.Equal($"{_dir}/b/tool", ExecProcess.Resolve("tool", ["HOME=/", $"PATH={_dir}/a:{_dir}/b"]));
    }

    [Fact]
    public void A_name_with_a_slash_is_taken_as_it_is() =>
        Assert.Equal("./x/nope", ExecProcess.Resolve("./x/nope", ["PATH=/bin"]));

    [Fact]
    public void A_missing_command_is_ENOENT_naming_it_and_the_PATH()
    {
        var e = Assert.Throws<SysException>(() => ExecProcess.Resolve("nope", [$"PATH={_dir}"]));
        Assert.Equal(Errno.ENOENT, e.Error.Errno.Value);
        Assert.Equal($"nope not found in PATH {_dir}", e.Error.Operation);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
