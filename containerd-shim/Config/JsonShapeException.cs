namespace Shim.Config;

/// <summary>A config.json value whose JSON kind the model does not take (a string where a number goes).
/// <see cref="SpecReader"/> throws it to <see cref="ConfigJson"/>, and Cgroups' ResourcesReader to
/// CgroupRequest: the value is then read again by the source-generated deserializer, whose error names
/// its line, column (config.json) and field.</summary>
internal sealed class JsonShapeException : Exception;
