namespace Shim.Runtime;

/// <summary>One container as <c>list --format json</c> prints it (runc's fields that apply here).</summary>
internal sealed record ListEntry(string OciVersion, string Id, int Pid, string Status, string Bundle, string Created, Dictionary<string, string>? Annotations);
