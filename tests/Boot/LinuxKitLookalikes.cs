using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tests.Common;
using Tests.HostBuilder;
using Tests.UnitBuilder.Support;

namespace Tests.Boot;

/// <summary>
/// A local docker-registry holding look-alikes of our own under the names and tags that LinuxKit's examples
/// (tests/Boot/LinuxKit/*.yml) give, pushed there with the builder's own <c>push</c>: our kernel and
/// ca-certificates packages as linuxkit/kernel and linuxkit/ca-certificates, and for the other packages our
/// busybox with LinuxKit's label for that package and a small script doing the package's job in a way the
/// console shows. linuxkit/init, runc and containerd are left out on
/// purpose: the builder must replace them, not pull them. Builds go through <c>--mirror docker.io=...</c>
/// into a cache of their own, so nothing comes from the user's cache or Docker Hub.
/// </summary>
public sealed partial class LinuxKitLookalikes : IDisposable
{
    public static readonly string[] Examples = ["minimal", "getty"];

    private readonly DockerRegistry _registry = new();
    private readonly string _work = Directory.CreateTempSubdirectory("boot-linuxkit-").FullName;

    public LinuxKitLookalikes()
    {
        var pushed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in Examples)
        {
            foreach (Match m in ImageLine().Matches(File.ReadAllText(ExamplePath(example))))
            {
                var (repository, tag) = (m.Groups[1].Value, m.Groups[2].Value);
                if (repository is "init" or "runc" or "containerd" || !pushed.Add($"{repository}:{tag}")) continue;
                Push(Layout(repository), $"{_registry.Host}/linuxkit/{repository}:{tag}");
            }
        }
    }

    public string Mirror => $"docker.io=http://{_registry.Host}";

    /// <summary>An image cache for the builds, empty at first.</summary>
    public string Cache => Path.Combine(_work, "cache");

    public static string ExamplePath(string name) => Path.Combine(RepoPaths.Root, "tests", "Boot", "LinuxKit", name + ".yml");

    private string Layout(string repository) => repository switch
    {
        "kernel" or "ca-certificates" => Package(repository),
        "sysctl" => Busybox(repository, """{"pid":"host","readonly":true,"capabilities":["CAP_SYS_ADMIN","CAP_NET_ADMIN"]}""",
            ["/bin/sh", "-c", "sysctl -p /etc/sysctl.d/00-lookalike.conf && echo \"sysctl: ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)\""],
            new TarLayer().File("etc/sysctl.d/00-lookalike.conf", "net.ipv4.ip_forward = 1\n")),
        "dhcpcd" => Busybox(repository,
            """{"binds":["/run/resolvconf:/etc"],"capabilities":["CAP_NET_ADMIN","CAP_NET_BIND_SERVICE","CAP_NET_RAW","CAP_SYS_ADMIN"]}""",
            ["/sbin/dhcpcd", "--nobackground", "-f", "/dhcpcd.conf"],
            new TarLayer().File("dhcpcd.conf", "# look-alike\n").File("sbin/dhcpcd", DhcpcdScript, mode: 0x1ED)),
        "getty" => Busybox(repository, GettyLabel, ["/usr/bin/rungetty.sh"],
            new TarLayer().File("usr/bin/rungetty.sh", GettyScript, mode: 0x1ED).File("etc/issue", "cinit look-alike of linuxkit/getty\n")),
        "rngd" => Busybox(repository, """{"capabilities":["CAP_SYS_ADMIN"],"oomScoreAdj":-800,"readonly":true,"net":"new","ipc":"new"}""",
            ["/bin/sh", "-c", "echo \"rngd: running, oom_score_adj=$(cat /proc/self/oom_score_adj)\"; trap 'exit 0' TERM; sleep 100000 & wait"],
            new TarLayer().File("etc/rngd-lookalike", "cinit look-alike of linuxkit/rngd\n")),
        _ => throw new InvalidOperationException($"LinuxKit's examples name linuxkit/{repository}, which has no look-alike here: add one"),
    };

    /// <summary>Our busybox package's layer, then <paramref name="extra"/>, with LinuxKit's label for the package.</summary>
    private string Busybox(string repository, string label, string[] cmd, TarLayer extra)
    {
        var config = TestImage.Config(cmd: cmd, env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
        config["Labels"] = new JsonObject { ["org.mobyproject.config"] = label };
        return new TestImage(config, BusyboxLayer(), extra.ToBytes(gzip: true)).WriteOciLayout(Path.Combine(_work, repository));
    }

    /// <summary>One of our packages as ./build.sh leaves it, out/pkg/NAME.</summary>
    private static string Package(string name)
    {
        var layout = Path.Combine(RepoPaths.Out, "pkg", name);
        return File.Exists(Path.Combine(layout, "index.json"))
            ? layout
            : throw new InvalidOperationException($"{layout} is missing: run ./build.sh first (it builds the packages)");
    }

    private static byte[] BusyboxLayer()
    {
        var layout = Package("busybox");
        string Blob(string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Blob(manifestDigest)));
        return File.ReadAllBytes(Blob(manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!));
    }

    private void Push(string layout, string reference)
    {
        var builder = Path.Combine(RepoPaths.Out, "builder", "builder");
        BootImage.RunTool(builder, ["push", layout, reference], new Dictionary<string, string> { ["CINIT_CACHE"] = Cache });
    }

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [GeneratedRegex(@"\blinuxkit/([a-z0-9-]+):([0-9A-Za-z._-]+)")]
    private static partial Regex ImageLine();

    // LinuxKit's getty package's label (pkg/getty/build.yml), as JSON.
    private const string GettyLabel = """
        {"pid":"host","net":"host",
         "binds":["/etc/resolv.conf:/etc/resolv.conf","/run:/run","/tmp:/tmp","/etc:/hostroot/etc","/usr/bin/ctr:/usr/bin/ctr",
                  "/usr/bin/runc:/usr/bin/runc","/containers:/containers","/var/log:/var/log","/var/lib/containerd:/var/lib/containerd",
                  "/dev:/dev","/sys:/sys"],
         "devices":[{"path":"/dev/console","type":"c","major":5,"minor":1,"mode":438},
                    {"path":"/dev/tty0","type":"c","major":4,"minor":0,"mode":438},
                    {"path":"/dev/ttyS0","type":"c","major":4,"minor":64,"mode":438},
                    {"path":"/dev/ttyAMA0","type":"c","major":204,"minor":64,"mode":438},
                    {"path":"/dev/hvc0","type":"c","major":229,"minor":0,"mode":438}],
         "capabilities":["all"]}
        """;

    // The job of LinuxKit's rungetty.sh, done with busybox: the host's getty.shadow as /etc/shadow, a getty on each
    // console= of the cmdline whose device answers, autologin as root when INSECURE=true; at TERM each
    // getty's session is hung up (an interactive shell ignores TERM).
    private const string GettyScript = """
        #!/bin/sh
        if [ -f /hostroot/etc/getty.shadow ]; then cp /hostroot/etc/getty.shadow /etc/shadow; echo >> /etc/shadow; fi
        login=""
        [ "$INSECURE" = "true" ] && login="-n -l /bin/sh"
        sessions=""
        for word in $(cat /proc/cmdline); do
            case "$word" in
            console=ttyS*)
                tty=${word#console=}; tty=${tty%%,*}
                if stty -F /dev/$tty >/dev/null 2>&1; then
                    echo "getty: starting getty for $tty"
                    /sbin/getty $login -L 115200 $tty vt100 &
                    sessions="$sessions $!"
                else
                    echo "getty: cmdline has console=$tty but /dev/$tty does not answer; no getty for it"
                fi;;
            esac
        done
        trap 'for s in $sessions; do kill -HUP -$s; done; exit 0' TERM
        wait
        """;

    // dhcpcd's part that the rest of the system sees: the resolver file, written through the package's
    // /run/resolvconf:/etc bind, so /etc/resolv.conf on the host (a link into /run/resolvconf) has it.
    private const string DhcpcdScript = """
        #!/bin/sh
        echo "dhcpcd: look-alike, arguments: $*"
        echo "nameserver 10.0.2.3" > /etc/resolv.conf && echo "dhcpcd: wrote /etc/resolv.conf"
        """;
}
