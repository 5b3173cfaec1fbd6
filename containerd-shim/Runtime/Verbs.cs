using Linux;

namespace Shim.Runtime;

/// <summary>What the lifecycle verbs share: runc's exit status 1 for any refusal or failure, with one
/// line on stderr naming the container, and reading a container's record with its derived status.</summary>
internal static class Verbs
{
    public static int Fail(string id, SysError error)
    {
        Stderr.WriteLine($"containerd-shim: {id}: {error}");
        return 1;
    }

    public static int Fail(string id, string message) => Fail(id, SysError.Plain(message));

    /// <summary>The record and its status, or null after printing why there is none.</summary>
    public static (ContainerRecord Record, string Status)? Find(CommandLine command)
    {
        var record = new StateDirectory(command.Root).Read(command.Id, out var error);
        if (record is null)
        {
            Fail(command.Id, error!);
            return null;
        }
        return (record, ContainerStatus.Of(record));
    }
}
