namespace ShimV2;

/// <summary>
/// The command line containerd gives a runtime v2 shim (runtime/v2/shim/util.go Command, 1.6 and 2.x):
/// <c>-namespace NS -address ADDR -publish-binary BIN -id ID [-bundle DIR] [-debug] start|delete</c>, Go's
/// flag syntax (<c>-flag value</c>, <c>--flag value</c>, <c>-flag=value</c>). <c>serve</c> is ours: the
/// daemon that <c>start</c> spawns, with the listening socket as fd 3.
/// </summary>
internal sealed record ShimFlags(string Namespace, string Address, string PublishBinary, string Id, string? Bundle, bool Debug, string Action)
{
    private static readonly HashSet<string> Actions = ["start", "delete", "serve"];

    public static ShimFlags? Parse(IReadOnlyList<string> args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var debug = false;
        string? action = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                if (action is not null) { error = $"unexpected argument '{arg}' after '{action}'"; return null; }
                action = arg;
                continue;
            }
            var name = arg.TrimStart('-');
            string? value = null;
            if (name.IndexOf('=') is var eq and >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            switch (name)
            {
                case "debug":
                    debug = value is null or "true" or "1";
                    break;
                case "namespace" or "address" or "publish-binary" or "id" or "bundle" or "socket":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count) { error = $"flag -{name} needs a value"; return null; }
                        value = args[++i];
                    }
                    values[name] = value;
                    break;
                case "v" or "version":
                    action = "version";
                    break;
                default:
                    error = $"unknown flag '{arg}' (expected -namespace, -address, -publish-binary, -id, -bundle, -debug)";
                    return null;
            }
        }
        if (action == "version") { error = ""; return new ShimFlags("", "", "", "", null, debug, "version"); }
        if (action is null || !Actions.Contains(action)) { error = $"expected an action (start, delete), got '{action}'"; return null; }
        foreach (var required in (string[])["namespace", "id"])
            if (!values.ContainsKey(required)) { error = $"{action}: flag -{required} is missing"; return null; }
        error = "";
        return new ShimFlags(values["namespace"], values.GetValueOrDefault("address", ""), values.GetValueOrDefault("publish-binary", ""),
            values["id"], values.GetValueOrDefault("bundle"), debug, action);
    }
}
