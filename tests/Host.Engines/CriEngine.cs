using System.Net.Sockets;
using Grpc.Net.Client;
using Tests.HostEngines.Cri;

namespace Tests.HostEngines;

/// <summary>
/// containerd 1.6 with its CRI plugin on, as a Kubernetes node runs it, but every path private: config,
/// root, state, sockets, the runc root, the pods' network namespaces, CNI config and IPAM state under a
/// temporary directory. Two runtime handlers, both <c>io.containerd.runc.v2</c>: "runc" with Debian's
/// runc and "cinit" with our runtime as its <c>BinaryName</c>; a third, "cinit-v2", is our own runtime v2 shim
/// (<c>runtime_type = "io.containerd.cinit.v1"</c>, containerd-shim-cinit-v1 on containerd's PATH). Pods get a real network from Debian's CNI
/// plugins (containernetworking-plugins): a bridge of their own with host-local addresses, no gateway,
/// no masquerading, so the host's routes and firewall stay as they were. The sandbox image is the
/// offline pause image; the CRI client is ours (no crictl in Debian 12), gRPC over the unix socket.
/// <c>restrict_oom_score_adj</c>: the sandbox asks for oom_score_adj -998, below containerd's own, which
/// needs CAP_SYS_RESOURCE, and this host's bounding set lacks it (runc's init dies on it otherwise).
/// </summary>
public sealed class CriEngine : IDisposable
{
    /// <summary>The pods' bridge and subnet; the bridge is deleted at the end.</summary>
    public const string Bridge = "cinit-cri0";

    public const string Subnet = "10.231.77.";

    public const string Image = "docker.io/" + EngineImage.Name;

    private readonly ContainerdDaemon _daemon;
    private readonly GrpcChannel _channel;

    public CriEngine()
    {
        var dir = Directory.CreateTempSubdirectory("cri-").FullName;
        WriteCniConfig(dir);
        _daemon = new ContainerdDaemon(dir, CriConfig(dir));
        _daemon.Import("k8s.io", EngineImage.PauseArchive);
        _daemon.Import("k8s.io", EngineImage.Archive);
        _channel = Connect(_daemon.Address);
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        LogDirectory = Path.Combine(dir, "pods");
    }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public string LogDirectory { get; }

    /// <summary>The runtime handler a pod names for each of the two runtimes.</summary>
    public static string Handler(string runtime) => runtime switch { "runc" => "runc", "v2" => "cinit-v2", _ => "cinit" };

    public string DaemonLog() => _daemon.Log();

    private static string CniPlugins => Path.GetDirectoryName(Cli.Need("/usr/lib/cni/bridge", "containernetworking-plugins"))!;

    private static string CriConfig(string dir) => $"""
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "docker.io/{EngineImage.PauseName}"
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          netns_mounts_under_state_dir = true
          restrict_oom_score_adj = true
          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "overlayfs"
            default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                BinaryName = "{Runtimes.Runc}"
                Root = "{dir}/runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cinit]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cinit.options]
                BinaryName = "{Runtimes.Ours}"
                Root = "{dir}/cinit"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.cinit-v2]
              runtime_type = "io.containerd.cinit.v1"
          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{CniPlugins}"
            conf_dir = "{dir}/cni"
        """;

    private static void WriteCniConfig(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "cni"));
        File.WriteAllText(Path.Combine(dir, "cni", "10-cinit.conflist"), $$"""
            {
              "cniVersion": "1.0.0",
              "name": "cinit-cri",
              "plugins": [
                {
                  "type": "bridge", "bridge": "{{Bridge}}", "isGateway": false, "ipMasq": false,
                  "ipam": { "type": "host-local", "dataDir": "{{dir}}/ipam", "ranges": [[{ "subnet": "{{Subnet}}0/24" }]] }
                },
                { "type": "loopback" }
              ]
            }
            """);
    }

    /// <summary>gRPC over containerd's unix socket: HTTP/2 with prior knowledge, as the kubelet connects.</summary>
    private static GrpcChannel Connect(string socket)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancel);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }

    public void Dispose()
    {
        _channel.Dispose();
        _daemon.Dispose();
        Cli.Run("/sbin/ip", ["link", "del", Bridge]);
    }
}
