using System.Text.Json;
using static Shim.Config.JsonValues;

namespace Shim.Config;

/// <summary>The <c>linux</c> section for <see cref="SpecReader"/> (same rules, same blank records).</summary>
internal static class LinuxReader
{
    public static Oci.LinuxSection Read(JsonElement e)
    {
        var l = new Oci.LinuxSection();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            l = m.Name switch
            {
                "namespaces" => l with { Namespaces = List(v, x => Object(x, Namespace)!) },
                "uidMappings" => l with { UidMappings = List(v, x => Object(x, IdMapping)!) },
                "gidMappings" => l with { GidMappings = List(v, x => Object(x, IdMapping)!) },
                "devices" => l with { Devices = List(v, x => Object(x, Device)!) },
                "cgroupsPath" => l with { CgroupsPath = String(v) },
                // Kept as JSON: Cgroups/ reads it when there is one. Cloned, as the document is disposed.
                "resources" => l with { Resources = v.ValueKind == JsonValueKind.Null ? null : v.Clone() },
                "sysctl" => l with { Sysctl = Map(v) },
                "rootfsPropagation" => l with { RootfsPropagation = String(v) },
                "maskedPaths" => l with { MaskedPaths = Strings(v) },
                "readonlyPaths" => l with { ReadonlyPaths = Strings(v) },
                "seccomp" => l with { Seccomp = Object(v, Seccomp) },
                "mountLabel" => l with { MountLabel = String(v) },
                _ => l,
            };
        }
        return l;
    }

    private static Oci.Namespace Namespace(JsonElement e)
    {
        var n = new Oci.Namespace { Type = null! };
        foreach (var m in Members(e))
        {
            n = m.Name switch
            {
                "type" => n with { Type = NonNullString(m.Value) },
                "path" => n with { Path = String(m.Value) },
                _ => n,
            };
        }
        return n;
    }

    private static Oci.IdMapping IdMapping(JsonElement e)
    {
        var i = new Oci.IdMapping();
        foreach (var m in Members(e))
        {
            i = m.Name switch
            {
                "containerID" => i with { ContainerId = UInt(m.Value) },
                "hostID" => i with { HostId = UInt(m.Value) },
                "size" => i with { Size = UInt(m.Value) },
                _ => i,
            };
        }
        return i;
    }

    private static Oci.Device Device(JsonElement e)
    {
        var d = new Oci.Device { Type = null!, Path = null! };
        foreach (var m in Members(e))
        {
            var v = m.Value;
            d = m.Name switch
            {
                "type" => d with { Type = NonNullString(v) },
                "path" => d with { Path = NonNullString(v) },
                "major" => d with { Major = Long(v) },
                "minor" => d with { Minor = Long(v) },
                "fileMode" => d with { FileMode = NullableUInt(v) },
                "uid" => d with { Uid = NullableUInt(v) },
                "gid" => d with { Gid = NullableUInt(v) },
                _ => d,
            };
        }
        return d;
    }

    private static Oci.LinuxSeccomp Seccomp(JsonElement e)
    {
        var s = new Oci.LinuxSeccomp();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            s = m.Name switch
            {
                "defaultAction" => s with { DefaultAction = String(v) },
                "defaultErrnoRet" => s with { DefaultErrnoRet = NullableUInt(v) },
                "architectures" => s with { Architectures = Strings(v) },
                "flags" => s with { Flags = Strings(v) },
                "listenerPath" => s with { ListenerPath = String(v) },
                "listenerMetadata" => s with { ListenerMetadata = String(v) },
                "syscalls" => s with { Syscalls = List(v, x => Object(x, Syscall)!) },
                _ => s,
            };
        }
        return s;
    }

    private static Oci.SeccompSyscall Syscall(JsonElement e)
    {
        var s = new Oci.SeccompSyscall();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            s = m.Name switch
            {
                "names" => s with { Names = Strings(v) },
                "action" => s with { Action = String(v) },
                "errnoRet" => s with { ErrnoRet = NullableUInt(v) },
                "args" => s with { Args = List(v, x => Object(x, SeccompArg)!) },
                _ => s,
            };
        }
        return s;
    }

    private static Oci.SeccompArg SeccompArg(JsonElement e)
    {
        var a = new Oci.SeccompArg();
        foreach (var m in Members(e))
        {
            var v = m.Value;
            a = m.Name switch
            {
                "index" => a with { Index = UInt(v) },
                "value" => a with { Value = ULong(v) },
                "valueTwo" => a with { ValueTwo = ULong(v) },
                "op" => a with { Op = String(v) },
                _ => a,
            };
        }
        return a;
    }
}
