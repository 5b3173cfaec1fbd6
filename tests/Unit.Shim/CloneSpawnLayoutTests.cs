using System.Runtime.InteropServices;
using Shim.Stage1;
using Tests.Common;

namespace Tests.UnitShim;

/// <summary>CloneSpawn.Request against struct clone_spawn_request as gcc lays it out in
/// containerd-shim/Native/clone_spawn.c (the file is compiled into the probe), field by field.</summary>
public sealed class CloneSpawnLayoutTests
{
    private static readonly (string C, string Cs)[] Fields =
    [
        ("path", nameof(CloneSpawn.Request.Path)), ("argv", nameof(CloneSpawn.Request.Argv)), ("envp", nameof(CloneSpawn.Request.Envp)),
        ("fds", nameof(CloneSpawn.Request.Fds)), ("nfds", nameof(CloneSpawn.Request.FdCount)), ("clone_flags", nameof(CloneSpawn.Request.CloneFlags)),
        ("userns_fd", nameof(CloneSpawn.Request.UsernsFd)), ("unshare_flags", nameof(CloneSpawn.Request.UnshareFlags)),
    ];

    [Fact]
    public void The_request_matches_the_C_struct()
    {
        var source = Path.Combine(RepoPaths.Root, "containerd-shim", "Native", "clone_spawn.c");
        var values = CProbe.Print([$"#include \"{source}\"", "#include <stddef.h>"],
            [.. Fields.Select(f => $"offsetof(struct clone_spawn_request, {f.C})"), "sizeof(struct clone_spawn_request)"]);
        Assert.Equal(values["sizeof(struct clone_spawn_request)"], (ulong)Marshal.SizeOf<CloneSpawn.Request>());
        foreach (var (c, cs) in Fields)
            Assert.Equal(values[$"offsetof(struct clone_spawn_request, {c})"], (ulong)Marshal.OffsetOf<CloneSpawn.Request>(cs));
    }
}
