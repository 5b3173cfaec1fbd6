namespace Shim.Config;

/// <summary>A config.json value whose JSON kind the model does not take (a string where a number goes).
/// Only <see cref="SpecReader"/> throws it and only <see cref="ConfigJson"/> catches it: that value is
/// then read again by the source-generated deserializer, whose error names its line, column and field.</summary>
internal sealed class JsonShapeException : Exception;
