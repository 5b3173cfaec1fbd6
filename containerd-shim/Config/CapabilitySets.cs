using Linux;
using Linux.Native;

namespace Shim.Config;

/// <summary>process.capabilities as 64-bit masks (bit n = capability n).</summary>
internal sealed record CapabilitySets(ulong Bounding, ulong Effective, ulong Permitted, ulong Inheritable, ulong Ambient)
{
    public static CapabilitySets Parse(Oci.Capabilities caps) => new(
        Mask(caps.Bounding, "bounding"), Mask(caps.Effective, "effective"), Mask(caps.Permitted, "permitted"),
        Mask(caps.Inheritable, "inheritable"), Mask(caps.Ambient, "ambient"));

    /// <summary>Unknown names throw naming <c>process.capabilities.SET[i]</c>.</summary>
    public static ulong Mask(IReadOnlyList<string>? names, string set)
    {
        ulong mask = 0;
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            var cap = Oci.CapabilityTable.FromName(names![i]);
            if (cap < 0)
                throw FieldError.At($"process.capabilities.{set}[{i}]", $"unknown capability \"{names[i]}\"");
            mask |= 1UL << cap;
        }
        return mask;
    }
}
