namespace Tests.Boot;

/// <summary>Text typed on the serial console once a line matching <see cref="After"/> has appeared.</summary>
internal sealed record ConsoleInput(string After, string Text);
