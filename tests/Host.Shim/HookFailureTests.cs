using Oci;

namespace Tests.HostShim;

/// <summary>A failing poststart or poststop hook is a warning, and "the remaining hooks and lifecycle
/// continue as if the hook had succeeded" (runtime-spec runtime.md; runtime-tools poststart_fail and
/// poststop_fail): the hooks after it still run.</summary>
public sealed class HookFailureTests(ShimFixture fixture) : IClassFixture<ShimFixture>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("hookfail-").FullName;

    private Hook Append(string word) => new() { Path = "/bin/sh", Args = ["sh", "-c", $"echo {word} >> {_out}/order"] };

    private static Hook Failing => new() { Path = "/bin/false", Args = ["false"] };

    [Fact]
    public void Hooks_after_a_failed_poststart_or_poststop_hook_still_run()
    {
        using var bundle = Bundle.Create(fixture.Rootfs, ["true"], s => s with
        {
            Hooks = new Hooks { Poststart = [Failing, Append("poststart")], Poststop = [Failing, Append("poststop")] },
        });
        var result = Runner.Shim(bundle.Dir, "hookfail");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("poststart\npoststop\n", File.ReadAllText(Path.Combine(_out, "order")));
        Assert.Contains("containerd-shim: hookfail: warning: hook: poststart[0] /bin/false: exit status 1", result.Stderr);
        Assert.Contains("containerd-shim: hookfail: warning: hook: poststop[0] /bin/false: exit status 1", result.Stderr);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
