using Pid1.Boot;

namespace Tests.UnitInit;

public sealed class ModuleIndexTests
{
    private static readonly string[] Dep =
    [
        "kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko",
        "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko",
        "kernel/drivers/virtio/virtio_pci_modern_dev.ko:",
        "kernel/drivers/virtio/virtio_ring.ko:",
        "kernel/drivers/virtio/virtio.ko:",
        "kernel/fs/overlayfs/overlay.ko:",
        "kernel/drivers/char/hw_random/virtio-rng.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko",
    ];

    private static readonly string[] Alias =
    [
        "# Aliases extracted from modules themselves.",
        "alias virtio:d00000002v* virtio_blk",
        "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci",
        "alias fs-overlay overlay",
        "alias virtio:d00000004v* virtio_rng",
        "alias virtio:d00000009v* builtin_only",
        "alias crypto-crc32c crc32c_generic",
        "alias crypto-crc32c crc32c_intel",
        "alias net-pf-10 ipv6",
    ];

    private static readonly string[] DepWithCrypto =
    [
        .. Dep,
        "kernel/crypto/crc32c_generic.ko:",
        "kernel/arch/x86/crypto/crc32c-intel.ko:",
    ];

    private readonly ModuleIndex _index = ModuleIndex.Parse("/lib/modules/6.1.0", Alias, DepWithCrypto, ["kernel/fs/ext4/ext4.ko"]);

    [Fact]
    public void DependenciesLoadFirst() =>
        Assert.Equal(["virtio", "virtio_ring", "virtio_pci_modern_dev", "virtio_pci"], _index.LoadOrder("virtio_pci"));

    [Fact]
    public void HyphensAndUnderscoresAreTheSameName()
    {
        Assert.Equal(["virtio", "virtio_ring", "virtio_rng"], _index.LoadOrder("virtio-rng"));
        Assert.True(_index.Knows("virtio-rng"));
        Assert.Equal("/lib/modules/6.1.0/kernel/drivers/char/hw_random/virtio-rng.ko", _index.PathOf("virtio_rng"));
    }

    [Theory]
    [InlineData("virtio:d00000002v00001AF4", new[] { "virtio_blk" })]
    [InlineData("pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00", new[] { "virtio_pci" })]
    [InlineData("virtio:d00000004v00001AF4", new[] { "virtio_rng" })]
    [InlineData("virtio:d00000009v00001AF4", new string[0])] // built in: no file to load
    [InlineData("acpi:PNP0A03:", new string[0])]
    internal void MatchesDevices(string modalias, string[] modules) => Assert.Equal(modules, _index.ModulesFor(modalias));

    [Fact]
    public void CompressedFileNames() => Assert.Equal("virtio_blk", ModuleIndex.NameOf("kernel/drivers/block/virtio_blk.ko.xz"));

    [Fact]
    public void UnknownModuleHasNothingToLoad() => Assert.Empty(_index.LoadOrder("nope"));

    // What the kernel's request_module asks the helper for: a module's name, or an alias of one or several.
    [Theory]
    [InlineData("fs-overlay", new[] { "overlay" })]
    [InlineData("crypto-crc32c", new[] { "crc32c_generic", "crc32c_intel" })]
    [InlineData("virtio-rng", new[] { "virtio_rng" })]
    [InlineData("net-pf-10", new string[0])] // ipv6 is aliased but has no file here
    [InlineData("fs-nope", new string[0])]
    internal void ResolvesKernelRequests(string request, string[] modules) => Assert.Equal(modules, _index.Resolve(request));

    [Fact]
    public void BuiltInModulesAreKnownAsSuch()
    {
        Assert.True(_index.IsBuiltIn("ext4"));
        Assert.False(_index.IsBuiltIn("overlay"));
    }
}
