using System.Buffers.Binary;
using System.Text;
using Linux;

namespace Shim.Protocol;

/// <summary>One stage-2 failure as it travels over fd 3 (format: see <see cref="SetupStep"/>).</summary>
internal sealed record SetupFailure(SetupStep Step, Errno Errno, string Operation)
{
    /// <summary>Longest message we send; a SOCK_SEQPACKET datagram is read whole into this.</summary>
    public const int MaxSize = 4096;

    /// <summary>A step's failure from its SysError: the operation, prefixed by its context when it has one.</summary>
    public static SetupFailure From(SetupStep step, SysError error) =>
        new(step, error.Errno, error.Context is null ? error.Operation : error.Context + ": " + error.Operation);

    public byte[] Encode()
    {
        var text = Encoding.UTF8.GetBytes(Operation);
        var length = Math.Min(text.Length, MaxSize - 5);
        var bytes = new byte[5 + length];
        bytes[0] = (byte)Step;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), Errno.Value);
        text.AsSpan(0, length).CopyTo(bytes.AsSpan(5));
        return bytes;
    }

    /// <summary>Null when the datagram is not a message of this protocol.</summary>
    public static SetupFailure? Decode(ReadOnlySpan<byte> message)
    {
        if (message.Length < 5 || !Enum.IsDefined((SetupStep)message[0])) return null;
        var errno = BinaryPrimitives.ReadInt32LittleEndian(message[1..]);
        if (errno < 0) return null;
        return new SetupFailure((SetupStep)message[0], new Errno(errno), Encoding.UTF8.GetString(message[5..]));
    }

    public static string StepName(SetupStep step) => step switch
    {
        SetupStep.Config => "config",
        SetupStep.Namespaces => "namespaces",
        SetupStep.Rootfs => "rootfs",
        SetupStep.Mounts => "mounts",
        SetupStep.Devices => "devices",
        SetupStep.PivotRoot => "pivot_root",
        SetupStep.MaskedPaths => "masked paths",
        SetupStep.ReadonlyPaths => "readonly paths",
        SetupStep.ReadonlyRoot => "readonly root",
        SetupStep.Hostname => "hostname",
        SetupStep.Rlimits => "rlimits",
        SetupStep.Capabilities => "capabilities",
        SetupStep.User => "user",
        SetupStep.Cwd => "cwd",
        SetupStep.NoNewPrivileges => "no_new_privs",
        SetupStep.Exec => "exec",
        SetupStep.Sysctl => "sysctl",
        SetupStep.Cgroup => "cgroup",
        SetupStep.Seccomp => "seccomp",
        SetupStep.Hooks => "hook",
        SetupStep.Terminal => "terminal",
        _ => "internal",
    };

    /// <summary>As printed by stage 1, before the container id: <c>exec: /bin/nope: ENOENT (No such file or directory)</c>.</summary>
    public SysError ToError() => new SysError(Operation, Errno).Wrap(StepName(Step));
}
