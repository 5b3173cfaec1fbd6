using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tests.HostBuilder;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a free port, its own config and a temp
/// storage directory; with <c>auth</c> it wants basic credentials from an htpasswd file. The package's
/// systemd unit and /etc/docker/registry are never used. Stopped and deleted on Dispose.
/// </summary>
public sealed class DockerRegistry : IDisposable
{
    public const string User = "cinit";
    public const string Password = "s3cret";

    /// <summary>bcrypt of <see cref="Password"/> (the only hash docker-registry's htpasswd accepts), made once with crypt(3).</summary>
    private const string PasswordHash = "$2b$05$abcdefghijklmnopqrstuuLK7U1u6pVRmL7L1BBM2aS35PSZnDXlK";

    private const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _dir;

    public DockerRegistry(bool auth = false)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: apt-get install docker-registry");
        _dir = Directory.CreateTempSubdirectory("host-builder-registry-").FullName;
        Port = FreePort();
        var config = Path.Combine(_dir, "config.yml");
        File.WriteAllText(config, Config(auth));
        if (auth) File.WriteAllText(Path.Combine(_dir, "htpasswd"), $"{User}:{PasswordHash}\n");
        var start = new ProcessStartInfo(Binary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilServing();
    }

    public int Port { get; }

    /// <summary>The host part of references to this registry.</summary>
    public string Host => $"127.0.0.1:{Port}";

    private string Config(bool auth) => $"""
        version: 0.1
        log:
          level: error
        storage:
          filesystem:
            rootdirectory: {_dir}/data
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:{Port}
        {(auth ? $"auth:\n  htpasswd:\n    realm: cinit-test\n    path: {_dir}/htpasswd\n" : "")}
        """;

    private void WaitUntilServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode} before serving on {Host}");
            try
            {
                var status = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult().StatusCode;
                if (status is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Host} within 20 s");
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
