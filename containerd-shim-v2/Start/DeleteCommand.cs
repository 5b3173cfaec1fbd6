using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShimV2.Protocol.Task;
using ShimV2.Serve;
using ShimV2.Ttrpc;

namespace ShimV2.Start;

/// <summary>
/// <c>delete</c>: containerd's cleanup after a shim that is gone (it ended, or died): force-deletes the
/// container through the runtime, unmounts the bundle's rootfs and prints a DeleteResponse (protobuf) on
/// stdout with SIGKILL's status, as containerd-shim-runc-v2 does. What is already gone is not an error.
/// </summary>
internal static class DeleteCommand
{
    public static int Run(ShimFlags flags)
    {
        var bundle = flags.Bundle ?? Environment.CurrentDirectory;
        var root = $"/run/containerd/cinit/{flags.Namespace}";
        // after a clean Shutdown (containerd runs this after every shim) the runtime has nothing left: no
        // state directory means no process to spawn
        if (Directory.Exists(Path.Combine(root, flags.Id))) ForceDelete(root, flags.Id);
        if (RootfsMounts.Unmount(bundle) is { } error) Log.Write($"delete {flags.Id}: {error}");
        var response = new DeleteResponse { ExitStatus = 128 + 9, ExitedAt = Timestamp.FromDateTime(DateTime.UtcNow) };
        using var stdout = Console.OpenStandardOutput();
        response.WriteTo(stdout);
        return 0;
    }

    private static void ForceDelete(string root, string id)
    {
        var log = Path.Combine("/tmp", $"cinit-shim-delete-{Environment.ProcessId}.json");
        try
        {
            Reaper.Start();
            new RuntimeCli(RuntimeCli.Locate(), root, log).Run(["delete", "--force", id]);
        }
        catch (RpcException e) when (e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
        }
        catch (RpcException e)
        {
            Log.Write($"delete {id}: {e.Message}");
        }
        finally
        {
            File.Delete(log);
        }
    }
}
