using System.Diagnostics;
using Builder.Layers;
using Builder.Tree;

namespace Builder.Packages;

/// <summary>
/// Lays a .deb's files into a tree: <c>dpkg-deb --fsys-tarfile</c> gives its data.tar uncompressed
/// (whatever the compression: xz, zstd, gzip), which is read as a layer, so owners, modes and hard
/// links come as the package ships them. Maintainer scripts are not run: recipes do their work.
/// </summary>
internal static class DebUnpacker
{
    public static void Unpack(string deb, FsTree tree, ContentSpool spool, int layer)
    {
        var psi = new ProcessStartInfo("dpkg-deb") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--fsys-tarfile");
        psi.ArgumentList.Add(deb);
        var p = Formats.HostTool.Start(psi, "dpkg-deb", "dpkg");
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            try
            {
                new LayerApplier(tree, spool, layer).Apply(p.StandardOutput.BaseStream);
                p.StandardOutput.BaseStream.CopyTo(Stream.Null);
            }
            catch (BuildFailure e)
            {
                throw e.Wrap(Path.GetFileName(deb));
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
            {
                throw new BuildFailure($"{Path.GetFileName(deb)}: {e.Message}");
            }
            p.WaitForExit();
            if (p.ExitCode != 0) throw new BuildFailure($"dpkg-deb --fsys-tarfile {deb}: exit status {p.ExitCode}: {stderr.Result.Trim()}");
        }
    }
}
