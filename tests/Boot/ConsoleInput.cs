namespace Tests.Boot;

/// <summary>
/// Text typed on the serial console once a line matching <see cref="After"/> has appeared, and
/// <see cref="DelayMs"/> after it: a prompt that ends without a newline is never a line, so an answer
/// that must wait for such a prompt waits for the line before it and then long enough for the program.
/// </summary>
internal sealed record ConsoleInput(string After, string Text, int DelayMs = 0);
