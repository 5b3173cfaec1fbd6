using System.Text.RegularExpressions;

namespace Builder.Yaml;

/// <summary>
/// A top-level <c>volumes:</c> entry (LinuxKit's): a directory at <c>/containers/volumes/NAME/merged</c> that
/// containers bind by name (<c>binds: [NAME:/data]</c>), filled from <c>image</c> if given. <c>readonly</c>
/// volumes may only be bound with <c>ro</c>. <c>format</c>: <c>filesystem</c> (the image unpacked) or
/// <c>oci</c> (the image as an OCI layout, for a container that loads images).
/// </summary>
internal sealed partial class VolumeDefinition(YamlCursor at)
{
    private static readonly MappingSchema<VolumeDefinition> Schema = new MappingSchema<VolumeDefinition>()
        .Key("name", (c, v) => (v.Name, v.NameAt) = (CheckedName(c), c))
        .Key("image", (c, v) => v.Image = ImageReference.Read(c))
        .Key("readonly", (c, v) => v.Readonly = c.Bool())
        .Key("format", (c, v) => v.Format = c.OneOf("oci", "filesystem"))
        .Key("platforms", (c, v) => (v.Platforms, v.PlatformsAt) = (c.StringList(), c))
        .Required("name");

    public YamlCursor At { get; } = at;
    public string Name { get; private set; } = "";
    public YamlCursor? NameAt { get; private set; }
    public ImageReference? Image { get; private set; }
    public bool Readonly { get; private set; }
    public string Format { get; private set; } = "filesystem";
    public List<string>? Platforms { get; private set; }
    public YamlCursor? PlatformsAt { get; private set; }

    /// <summary>Where containers see it from, in the image root.</summary>
    public string MergedPath => $"{Oci.ImagePaths.VolumeDirectory(Name)}/merged";

    public static VolumeDefinition Read(YamlCursor c) => Schema.Read(c, new VolumeDefinition(c));

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    private static string CheckedName(YamlCursor c) =>
        IsValidName(c.String()) ? c.String() : throw c.Fail($"invalid volume name \"{c.String()}\": expected [a-z0-9_-]+");
}
