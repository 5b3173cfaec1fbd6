using System.Text;
using Linux;

namespace Shim.Runtime;

/// <summary><c>start</c>: asks the supervisor of a created container to let it exec, and reports what
/// the supervisor answers (startContainer and poststart hooks have run by then).</summary>
internal static class StartCommand
{
    public static int Run(CommandLine command)
    {
        if (Verbs.Find(command) is not var (_, status)) return 1;
        if (status == ContainerStatus.Running) return Verbs.Fail(command.Id, "cannot start an already running container");
        if (status == ContainerStatus.Stopped) return Verbs.Fail(command.Id, "cannot start a container that has stopped");
        var path = new StateDirectory(command.Root).SocketPath(command.Id);
        var answer = ControlSocket.Request(path, "start"u8, out var error);
        if (error is not null) return Verbs.Fail(command.Id, error.Wrap("start"));
        if (answer is not { Length: > 0 })
            return Verbs.Fail(command.Id, "start: the supervisor ended without an answer (is another start running?)");
        if (answer.Length > 1) Stderr.WriteLine(Encoding.UTF8.GetString(answer, 1, answer.Length - 1));
        return answer[0] == 0 ? 0 : 1;
    }
}
