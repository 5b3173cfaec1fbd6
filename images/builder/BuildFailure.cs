namespace Builder;

/// <summary>
/// A failure the user can fix (bad YAML, missing image, unsafe layer). Its message is printed as
/// <c>builder: MESSAGE</c>; context is added on the way up with <see cref="Wrap"/>.
/// </summary>
internal sealed class BuildFailure(string message) : Exception(message)
{
    public BuildFailure Wrap(string context) => new($"{context}: {Message}");
}
