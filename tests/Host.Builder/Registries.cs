namespace Tests.HostBuilder;

/// <summary>Two real registries for a test class: one open, one that wants <see cref="DockerRegistry.User"/>'s password.</summary>
public sealed class Registries : IDisposable
{
    public DockerRegistry Open { get; } = new();

    public DockerRegistry WithAuth { get; } = new(auth: true);

    public void Dispose()
    {
        Open.Dispose();
        WithAuth.Dispose();
    }
}
