using System.Text.RegularExpressions;
using Tests.Common;

namespace Tests.Boot;

/// <summary>
/// images/test-metadata.yml: the metadata package runs four times (aws alone, gcp alone, cdrom alone,
/// the default order) and `show` prints /run/config after each. QEMU's user network is 169.254.0.0/16 so
/// that 169.254.169.254:80 can be a guestfwd to <see cref="MetadataServer"/> in this process (a guestfwd
/// must be inside the guest's network; `cmd:` runs busybox nc per connection, where a `tcp:` target
/// would be one connection for the VM's life). Two boots: one where every source answers, one of bad
/// input (a service that never answers, a CD without known files, malformed JSON) where each provider
/// says why and the boot goes on.
/// </summary>
public sealed class MetadataBootTests
{
    private static string[] Net(int port) =>
        ["-netdev", $"user,id=n0,net=169.254.0.0/16,guestfwd=tcp:169.254.169.254:80-cmd:busybox nc 127.0.0.1 {port}",
         "-device", "virtio-net-pci,netdev=n0"];

    private static string L(string text) => Regex.Escape(text);

    [Fact]
    public void UserdataReachesRunConfigThroughEc2GcpAndANoCloudDisk()
    {
        using var image = BootImage.Build("test-metadata");
        var nocloud = DataIso.MakeFat(Path.GetDirectoryName(image.Kernel)!, "nocloud", "CIDATA",
            ("user-data", "#cloud-config\n"), ("meta-data", "instance-id: i-nocloud\nlocal-hostname: nocloud-node\n"));
        using var server = new MetadataServer(new Dictionary<string, string>
        {
            ["/latest/meta-data/hostname"] = "ec2-node\n",
            ["/latest/meta-data/instance-id"] = "i-0abc",
            ["/latest/meta-data/local-ipv4"] = "10.1.2.3",
            ["/latest/meta-data/public-keys/0/openssh-key"] = "ssh-ed25519 AAAAec2 me@ec2\n",
            ["/latest/user-data"] = """{"app": {"entries": {"app.conf": {"content": "level=3"}, "secret": {"perm": "0600", "content": "pw"}}}}""",
            ["/computeMetadata/v1/instance/hostname"] = "gcp-node",
            ["/computeMetadata/v1/instance/attributes/user-data"] = "plain gcp userdata",
            ["/computeMetadata/v1/project/attributes/ssh-keys"] = "alice:ssh-ed25519 AAAAgcp alice",
        });
        var boot = QemuBoot.Run(image, "metadata-http", ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline, .. Net(server.Port), .. DataIso.Drive(nocloud)],
            QemuBoot.DefaultDeadline);
        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("EC2: files, modes, key, expanded JSON, hostname set",
            L("metadata-aws | metadata: aws: wrote /run/config (hostname ec2-node, userdata"),
            L("metadata-aws | metadata: hostname set to ec2-node"),
            L("show-aws | MARK-CONFIG aws app/ 755"),
            L("show-aws | MARK-CONFIG aws app/app.conf 644 level=3"),
            L("show-aws | MARK-CONFIG aws app/secret 600 pw"),
            L("show-aws | MARK-CONFIG aws hostname 644 ec2-node|"),
            L("show-aws | MARK-CONFIG aws instance-id 644 i-0abc|"),
            L("show-aws | MARK-CONFIG aws local-ipv4 644 10.1.2.3|"),
            L("show-aws | MARK-CONFIG aws provider 644 aws|"),
            L("show-aws | MARK-CONFIG aws ssh/ 700"),
            L("show-aws | MARK-CONFIG aws ssh/authorized_keys 600 ssh-ed25519 AAAAec2 me@ec2|"),
            L("show-aws | MARK-CONFIG aws hostname=ec2-node"));
        boot.Console.AssertInOrder("GCP: the header was needed and sent; plain userdata kept as is",
            L("metadata-gcp | metadata: userdata is not a JSON object: kept as userdata only, nothing expanded"),
            L("metadata-gcp | metadata: gcp: wrote /run/config (hostname gcp-node"),
            L("show-gcp | MARK-CONFIG gcp hostname 644 gcp-node|"),
            L("show-gcp | MARK-CONFIG gcp provider 644 gcp|"),
            L("show-gcp | MARK-CONFIG gcp ssh/authorized_keys 600 ssh-ed25519 AAAAgcp alice|"),
            L("show-gcp | MARK-CONFIG gcp userdata 644 plain gcp userdata"),
            L("show-gcp | MARK-CONFIG gcp hostname=gcp-node"),
            L("show | MARK-CONFIG default provider 644 aws|"),
            "after-metadata \\| MARK-SERVICE-STARTED");
        boot.Console.AssertInOrder("NoCloud: a FAT disk labelled CIDATA, user-data and meta-data's local-hostname",
            L("metadata-cdrom | metadata: cdrom: wrote /run/config (hostname nocloud-node, userdata 14 bytes)"),
            L("metadata-cdrom | metadata: hostname set to nocloud-node"),
            L("show-cdrom | MARK-CONFIG cdrom hostname 644 nocloud-node|"),
            L("show-cdrom | MARK-CONFIG cdrom provider 644 cdrom|"),
            L("show-cdrom | MARK-CONFIG cdrom userdata 644 #cloud-config|"),
            L("show-cdrom | MARK-CONFIG cdrom hostname=nocloud-node"),
            "after-metadata \\| MARK-SERVICE-STARTED");
        Assert.Contains("/computeMetadata/v1/instance/hostname", server.Requests);
    }

    [Fact]
    public void BadInputSaysWhichProviderAndWhyAndTheBootGoesOn()
    {
        using var image = BootImage.Build("test-metadata");
        var dir = Path.GetDirectoryName(image.Kernel)!;
        var junk = DataIso.Make(dir, "junk", "JUNK", ("readme", "nothing for metadata here"));
        var broken = DataIso.Make(dir, "broken", "config", ("config", "{\"app\": {\"content\": \"x\"},\n \"oops\": }"));
        using var server = new MetadataServer(new Dictionary<string, string>(), silent: true);
        var boot = QemuBoot.Run(image, "metadata-bad",
            ["-kernel", image.Kernel, "-initrd", image.Initrd, "-append", image.Cmdline, .. Net(server.Port), .. DataIso.Drive(junk), .. DataIso.Drive(broken)],
            QemuBoot.DefaultDeadline);
        boot.AssertPoweredOff();
        boot.Console.AssertInOrder("a service that never answers: each HTTP provider gives up within its 2 s",
            L("metadata-aws | metadata: aws: nothing: GET http://169.254.169.254/latest/meta-data/hostname: no answer within 2 s (2."),
            L("metadata-aws | metadata: no metadata from aws: /run/config has no userdata"),
            L("show-aws | MARK-CONFIG aws none"),
            L("metadata-gcp | metadata: gcp: nothing: GET http://169.254.169.254/computeMetadata/v1/instance/hostname: no answer within 2 s (2."),
            L("show-gcp | MARK-CONFIG gcp none"));
        boot.Console.AssertInOrder("the default order: the HTTP providers fail, the CD without known files is passed over, malformed JSON kept",
            L("metadata | metadata: aws: nothing: GET http://169.254.169.254/latest/meta-data/hostname: no answer within 2 s"),
            L("metadata | metadata: gcp: nothing:"),
            L("metadata | metadata: openstack: nothing: GET http://169.254.169.254/openstack/latest/meta_data.json: no answer within 2 s"),
            L("metadata | metadata: cdrom: passed over /dev/vda: ISO 9660 \"JUNK\": no file config (and not labelled cidata)"),
            L("metadata | metadata: userdata is not valid JSON (line 2, byte 10: expected a value, found '}'): kept as userdata only, nothing expanded"),
            L("metadata | metadata: cdrom: wrote /run/config (userdata"),
            L("show | MARK-CONFIG default provider 644 cdrom|"),
            L("show | MARK-CONFIG default userdata 644 {\"app\": {\"content\": \"x\"},| \"oops\": }"),
            "after-metadata \\| MARK-SERVICE-STARTED");
        boot.Console.AssertAbsent("malformed JSON expands nothing", L("MARK-CONFIG default app "));
        // Three HTTP providers against a service that never answers, then the CDs: bounded by 2 s per
        // request and 6 s per provider, whatever the service does (about 7 s measured under TCG).
        var took = Seconds(boot, "onboot metadata: exit status 0") - Seconds(boot, "onboot metadata: started");
        Assert.InRange(took < 0 ? took + 86400 : took, 5.5, 20); // (a boot across midnight)
    }

    /// <summary>The time of day, in seconds, of init's first console line matching the pattern ([HH:MM:SS.mmm INF] ...).</summary>
    private static double Seconds(QemuBoot boot, string pattern)
    {
        var line = boot.Console.Lines[boot.Console.AssertInOrder(pattern, pattern)[0]];
        return TimeSpan.ParseExact(line.Substring(1, 12), @"hh\:mm\:ss\.fff", null).TotalSeconds;
    }
}
