namespace Builder.Formats;

/// <summary>raw-bios and raw-efi, each written the first time a format needs it.</summary>
internal sealed class BaseDisks(BootInputs inputs, string staging)
{
    private string? _bios, _efi;

    public string Bios => _bios ??= Made(Path.Combine(staging, "base-bios.raw"), p => RawBiosWriter.Write(inputs, staging, p));

    public string Efi => _efi ??= Made(Path.Combine(staging, "base-efi.raw"), p => RawEfiWriter.Write(inputs, staging, p));

    private static string Made(string path, Action<string> write)
    {
        write(path);
        return path;
    }
}
