namespace Pid1.Control;

/// <summary>What a command answers: success or not, and the text (plain or JSON) the client prints.</summary>
internal sealed record ControlReply(bool Ok, string Body)
{
    public static ControlReply Done(string body) => new(true, body);

    public static ControlReply Fail(string message) => new(false, message);
}
