using Builder.Assembly;
using Builder.Formats;
using Builder.Images;
using Builder.Initramfs;
using Builder.Tree;
using Builder.Yaml;

namespace Builder;

/// <summary>
/// One <c>builder build</c>: YAML -> root tree -> NAME-kernel, NAME-initrd.img, NAME-cmdline, and the disk
/// images of the other formats asked for (Formats/). Everything is written under a private temp directory
/// inside the output directory and renamed into place only when all outputs are complete, so a failed
/// build leaves no half-written output.
/// </summary>
internal sealed class ImageBuild(IReadOnlyList<string> yamlFiles, string outDirectory, string binDirectory,
    IReadOnlyCollection<OutputFormat>? formats = null, Registry.RegistryMirrors? mirrors = null)
{
    public const string DefaultCmdline = "console=ttyS0";

    public string Name { get; } = Path.GetFileNameWithoutExtension(yamlFiles[0]);

    public IReadOnlyCollection<OutputFormat> Formats { get; } = formats is { Count: > 0 } ? formats : [OutputFormat.KernelInitrd];

    public void Run()
    {
        var definition = ImageDefinitionReader.Read(yamlFiles);
        Directory.CreateDirectory(outDirectory);
        var temp = Path.GetFullPath(Path.Combine(outDirectory, $".builder-{Name}-{Environment.ProcessId}"));
        Directory.CreateDirectory(temp);
        try
        {
            using var spool = new ContentSpool(temp);
            var store = new ImageStore(new ImageLocator(temp, mirrors: mirrors), spool);
            var assembler = new RootAssembler(store, spool, binDirectory);
            var (root, kernel, ucode) = assembler.Assemble(definition);
            foreach (var note in assembler.Notes) Console.Error.WriteLine($"builder: {note}");
            foreach (var warning in definition.Warnings.Concat(assembler.Warnings)) Console.Error.WriteLine($"builder: warning: {warning}");
            var staged = new[] { "kernel", "initrd.img", "cmdline" }.Select(s => Path.Combine(temp, s)).ToArray();
            using (var k = File.Create(staged[0]))
            using (var data = kernel.OpenRead()) data.CopyTo(k);
            using (var initrd = File.Create(staged[1]))
            {
                // LinuxKit's order: the microcode cpio first, uncompressed, where the kernel's early loader finds it.
                if (ucode is not null) using (var u = ucode.OpenRead()) u.CopyTo(initrd);
                InitramfsPacker.WriteGzip(root, initrd);
            }
            // No trailing newline, as LinuxKit writes it: the file is the cmdline, byte for byte.
            File.WriteAllText(staged[2], definition.Cmdline ?? DefaultCmdline);
            var outputs = new List<(string Staged, string FileName)>();
            if (Formats.Contains(OutputFormat.KernelInitrd))
                outputs.AddRange(staged.Select(file => (file, $"{Name}-{Path.GetFileName(file)}")));
            else if (Formats.Contains(OutputFormat.KernelSquashfs))
                outputs.AddRange(new[] { staged[0], staged[2] }.Select(file => (file, $"{Name}-{Path.GetFileName(file)}")));
            if (Formats.Contains(OutputFormat.KernelSquashfs))
                outputs.AddRange(SquashfsRoot.Write(root, Name, temp, SourceDate.Seconds()));
            if (DiskImages.AnyOf(Formats))
            {
                var bzImage = BzImageKernel.Find(kernel, store.Load(definition.KernelImage!.Value, definition.KernelImage.BaseDirectory).Root,
                    definition.KernelImage.Value);
                outputs.AddRange(DiskImages.Write(Formats, Name, temp, bzImage, staged[1], definition.Cmdline ?? DefaultCmdline));
            }
            foreach (var (file, fileName) in outputs) File.Move(file, Path.Combine(outDirectory, fileName), overwrite: true);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
