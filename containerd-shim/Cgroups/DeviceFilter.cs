using System.Text;
using Linux;
using Linux.Native;
using static Linux.Native.Bpf;

namespace Shim.Cgroups;

/// <summary>
/// Loads the device program and attaches it to the container's cgroup (cgroup v2 has no devices.allow
/// file). The attachment holds the program, so its fd is closed right away; removing the cgroup
/// detaches it. BPF_F_ALLOW_MULTI lets a filter that a parent holds (systemd's) keep running too.
/// </summary>
internal static unsafe class DeviceFilter
{
    private const int LogSize = 16 * 1024;

    public static void Attach(string cgroupDir, IReadOnlyList<DeviceAccessRule> rules)
    {
        var program = DeviceProgram.Build(rules);
        var progFd = Load(program);
        try
        {
            var dirFd = Fcntl.open(cgroupDir, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC, 0);
            if (dirFd < 0) throw new SysException(SysError.Last($"open {cgroupDir}"));
            try
            {
                var attr = new prog_attach_attr
                {
                    target_fd = (uint)dirFd, attach_bpf_fd = (uint)progFd,
                    attach_type = BPF_CGROUP_DEVICE, attach_flags = BPF_F_ALLOW_MULTI,
                };
                if (bpf(BPF_PROG_ATTACH, &attr, (uint)sizeof(prog_attach_attr)) < 0)
                    throw new SysException(SysError.Last($"attach the device program to {cgroupDir}"));
            }
            finally { Fcntl.close(dirFd); }
        }
        finally { Fcntl.close(progFd); }
    }

    private static int Load(bpf_insn[] program)
    {
        var license = "Apache-2.0\0"u8;
        var log = new byte[LogSize];
        fixed (bpf_insn* insns = program)
        fixed (byte* lic = license)
        fixed (byte* logBuf = log)
        {
            var attr = new prog_load_attr
            {
                prog_type = BPF_PROG_TYPE_CGROUP_DEVICE, insn_cnt = (uint)program.Length,
                insns = (ulong)insns, license = (ulong)lic, expected_attach_type = BPF_CGROUP_DEVICE,
            };
            var fd = bpf(BPF_PROG_LOAD, &attr, (uint)sizeof(prog_load_attr));
            if (fd >= 0) return fd;
            var errno = Errno.Last;
            // Ask again with the verifier's log only on failure: logging slows every load down.
            attr.log_level = 1;
            attr.log_size = LogSize;
            attr.log_buf = (ulong)logBuf;
            bpf(BPF_PROG_LOAD, &attr, (uint)sizeof(prog_load_attr));
            var text = Encoding.UTF8.GetString(log).TrimEnd('\0').Trim();
            var tail = text.Length == 0 ? "" : $" (verifier: {text[Math.Max(0, text.Length - 300)..].ReplaceLineEndings("; ")})";
            throw new SysException(new SysError($"load the device program ({program.Length} instructions){tail}", errno));
        }
    }
}
