using Builder;
using Builder.Yaml;

namespace Tests.UnitBuilder;

/// <summary>Bad YAML gives exactly <c>FILE:LINE:COLUMN: PATH: message</c>, pointing at the offending node.</summary>
public sealed class YamlErrorTests
{
    private const string Head = "kernel:\n  image: k\n";

    [Theory]
    [InlineData("services:\n  - name: a\n    image: i\n    capabilites: [CAP_KILL]\n",
        "x.yml:6:5: services[0].capabilites: unknown key (did you mean \"capabilities\"?)")]
    [InlineData("services:\n  - name: a\n    image: i\n    command: /bin/sh\n",
        "x.yml:6:14: services[0].command: expected a list, found a scalar")]
    [InlineData("services:\n  - name: a\n    image: i\n    readonly: maybe\n",
        "x.yml:6:15: services[0].readonly: expected true or false, found \"maybe\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    uid: -1\n",
        "x.yml:6:10: services[0].uid: expected a non-negative number or a name, found \"-1\"")]
    [InlineData("onboot:\n  - image: i\n",
        "x.yml:4:5: onboot[0]: missing required key \"name\"")]
    [InlineData("onboot:\n  - name: a\n",
        "x.yml:4:5: onboot[0]: missing required key \"image\"")]
    [InlineData("onboot:\n  - name: Bad\n    image: i\n",
        "x.yml:4:11: onboot[0].name: invalid name \"Bad\": expected [a-z0-9][a-z0-9_.-]*")]
    [InlineData("onboot:\n  - name: a\n    image: i\nservices:\n  - name: b\n    image: i\n  - name: a\n    image: i\n",
        "x.yml:9:11: services[1].name: duplicate container name \"a\" (first at x.yml:4:11, onboot[0])")]
    [InlineData("services:\n  - name: a\n    image: i\n    binds:\n      - /dev:/dev\n      - /just-one\n",
        "x.yml:8:9: services[0].binds[1]: expected \"src:dst[:options]\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    binds: [\"/dev:dev\"]\n",
        "x.yml:6:13: services[0].binds[0]: bind destination must be an absolute path, found \"/dev:dev\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    binds: [\"no/vol:/dev\"]\n",
        "x.yml:6:13: services[0].binds[0]: bind source must be an absolute path or a volume name, found \"no/vol:/dev\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    net: bridge\n",
        "x.yml:6:10: services[0].net: expected \"host\", \"new\", \"none\" or an absolute path to a namespace, found \"bridge\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    pid: none\n",
        "x.yml:6:10: services[0].pid: expected \"host\", \"new\" or an absolute path to a namespace, found \"none\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    env: [NOVALUE]\n",
        "x.yml:6:11: services[0].env[0]: expected \"KEY=value\", found \"NOVALUE\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    capabilities: [CAP_FLY]\n",
        "x.yml:6:20: services[0].capabilities[0]: unknown capability \"CAP_FLY\" (expected a CAP_ name such as CAP_NET_ADMIN, or \"all\")")]
    [InlineData("services:\n  - name: a\n    image: i\n    cwd: relative\n",
        "x.yml:6:10: services[0].cwd: expected an absolute path, found \"relative\"")]
    [InlineData("services: {name: a}\n",
        "x.yml:3:11: services: expected a list, found a mapping")]
    [InlineData("volume: []\n",
        "x.yml:3:1: volume: unknown key (did you mean \"volumes\"?)")]
    [InlineData("banana: []\n",
        "x.yml:3:1: banana: unknown key (known keys: kernel, init, onboot, services, onshutdown, files, volumes, trust)")]
    [InlineData("files:\n  - path: /etc/x\n",
        "x.yml:4:5: files[0]: contents of file etc/x not specified: give contents, directory: true, symlink, source or metadata")]
    [InlineData("files:\n  - path: etc/../../x\n",
        "x.yml:4:11: files[0].path: \"etc/../../x\": \"..\" not allowed")]
    [InlineData("files:\n  - path: ./\n",
        "x.yml:4:11: files[0].path: path names the root itself")]
    [InlineData("files:\n  - path: etc/x\n    mode: rw\n",
        "x.yml:5:11: files[0].mode: expected an octal mode such as \"0644\", found \"rw\"")]
    [InlineData("files:\n  - path: etc/x\n    contents: a\n    directory: true\n",
        "x.yml:4:5: files[0]: give only one of contents, directory: true, symlink, source, metadata")]
    [InlineData("services:\n  - name: a\n    image: i\n  name: b\n",
        "x.yml:6:3: While parsing a block collection, did not find expected '-' indicator.")]
    [InlineData("services:\n  - name: a\n    image: i\n    restart: sometimes\n",
        "x.yml:6:14: services[0].restart: expected one of always, on-failure, never, found \"sometimes\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    restartDelay: soon\n",
        "x.yml:6:19: services[0].restartDelay: expected a duration such as 500ms, 2s, 1m or 1h, found \"soon\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    stopTimeout: [1s]\n",
        "x.yml:6:18: services[0].stopTimeout: expected a string, found a list")]
    [InlineData("services:\n  - name: a\n    image: i\n    stopSignal: SIGKILL\n",
        "x.yml:6:17: services[0].stopSignal: expected a signal the shim forwards (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2), found \"SIGKILL\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    readiness: http\n",
        "x.yml:6:16: services[0].readiness: expected one of none, fd, found \"http\"")]
    [InlineData("services:\n  - name: a\n    image: i\n    after: b\n",
        "x.yml:6:12: services[0].after: expected a list, found a scalar")]
    [InlineData("services:\n  - name: a\n    image: i\n    after: [b]\n",
        "x.yml:6:13: services[0].after[0]: unknown service or onboot container \"b\" (services: a; onboot: )")]
    [InlineData("onboot:\n  - name: m\n    image: i\nservices:\n  - name: a\n    image: i\n    after: [n]\n",
        "x.yml:9:13: services[0].after[0]: unknown service or onboot container \"n\" (services: a; onboot: m)")]
    [InlineData("services:\n  - name: a\n    image: i\n    after: [a]\n",
        "x.yml:6:13: services[0].after[0]: service \"a\" cannot start after itself")]
    [InlineData("services:\n  - name: a\n    image: i\n    after: [c]\n  - name: b\n    image: i\n    after: [a]\n  - name: c\n    image: i\n    after: [b]\n",
        "x.yml:6:12: services[0].after: \"after\" forms a cycle: a -> c -> b -> a")]
    [InlineData("onboot:\n  - name: a\n    image: i\n    restart: always\n",
        "x.yml:6:14: onboot[0].restart: only services are restarted, ordered or wait for readiness; onboot and onshutdown containers run once, in order")]
    [InlineData("services:\n  - name: a\n    image: i\n    onFailure: shell\n",
        "x.yml:6:16: services[0].onFailure: timeout and onFailure apply to onboot and onshutdown containers; services use restart and stopTimeout")]
    [InlineData("onboot:\n  - name: a\n    image: i\n    onFailure: reboot\n",
        "x.yml:6:16: onboot[0].onFailure: expected one of continue, poweroff, shell, found \"reboot\"")]
    [InlineData("onboot:\n  - name: a\n    image: i\n    timeout: -1s\n",
        "x.yml:6:14: onboot[0].timeout: expected a duration such as 500ms, 2s, 1m or 1h, found \"-1s\"")]
    [InlineData("onboot:\n  - name: a\n    image: i\n    readiness: fd\n",
        "x.yml:6:16: onboot[0].readiness: only services are restarted, ordered or wait for readiness; onboot and onshutdown containers run once, in order")]
    public void BadYamlIsReportedAtItsNode(string body, string expected)
    {
        var e = Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(Head + body, "x.yml"));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("onboot: []\n", "x.yml:1:1: (top): missing required key \"kernel\"")]
    [InlineData("kernel:\n  cmdline: x\n", "x.yml:2:3: kernel: missing required key \"image\"")]
    [InlineData("", "x.yml:1:1: (top): the file is empty")]
    [InlineData("kernel:\n  image: k\n---\nkernel:\n  image: j\n", "x.yml:4:1: (top): only one YAML document per file (give several files to merge them)")]
    [InlineData("- kernel\n", "x.yml:1:1: (top): expected a mapping, found a list")]
    [InlineData("kernel:\n  image: k\n  image: k\n", "x.yml:3:3: Duplicate key image")]
    public void WholeDocumentErrors(string text, string expected)
    {
        var e = Assert.Throws<BuildFailure>(() => ImageDefinitionReader.FromText(text, "x.yml"));
        Assert.Equal(expected, e.Message);
    }
}
