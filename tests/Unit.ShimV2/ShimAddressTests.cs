using ShimV2.Start;

namespace Tests.UnitShimV2;

/// <summary>The socket path is containerd 1.6's: sha256 of filepath.Join(address, namespace, id) under /run/containerd/s.</summary>
public sealed class ShimAddressTests
{
    [Fact]
    public void The_socket_is_named_by_the_sha256_of_address_namespace_and_id()
    {
        // printf '%s' /run/containerd/containerd.sock/default/c1 | sha256sum
        Assert.Equal("/run/containerd/s/d25aa4ef11a84e954e74a5bcff06557d0b6ea8d0c00243896f29826694bbd888",
            ShimAddress.SocketPath("/run/containerd/containerd.sock", "default", "c1"));
        Assert.Equal(ShimAddress.SocketPath("/run/containerd/containerd.sock", "default", "c1"),
            ShimAddress.SocketPath("/run/containerd//containerd.sock/", "default", "c1"));
    }

    [Fact]
    public void Any_id_gives_a_path_that_fits_sun_path()
    {
        Assert.True(ShimAddress.SocketPath("/a", "k8s.io", new string('x', 200)).Length < 108);
    }

    [Theory]
    [InlineData("/a//b/./c/", "/a/b/c")]
    [InlineData("/a/../../b", "/b")]
    [InlineData("a/../..", "..")]
    public void Paths_are_joined_and_cleaned_as_gos_filepath_join_does(string path, string clean)
    {
        Assert.Equal(clean, ShimAddress.JoinClean(path));
    }

    [Fact]
    public void The_address_containerd_reads_back_is_a_unix_uri()
    {
        Assert.Equal("unix:///run/containerd/s/x", ShimAddress.Uri("/run/containerd/s/x"));
        Assert.Equal("/run/containerd/s/x", ShimAddress.PathOf("unix:///run/containerd/s/x"));
    }
}

/// <summary>Our SHA-256 against .NET's (OpenSSL's) on every length around the block and padding edges.</summary>
public sealed class Sha256Tests
{
    [Fact]
    public void It_matches_the_standard_digest_for_lengths_0_to_200()
    {
        var data = new byte[200];
        new Random(1).NextBytes(data);
        for (var n = 0; n <= data.Length; n++)
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data.AsSpan(0, n)), Sha256.Hash(data.AsSpan(0, n)));
    }

    [Fact]
    public void Abc_gives_fips_180s_example_digest()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(Sha256.Hash("abc"u8)));
    }
}
