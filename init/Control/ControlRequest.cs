using Pid1.Supervision;

namespace Pid1.Control;

/// <summary>
/// A control command handed to the event loop (docs/design.md, rule 4: the loop owns all mutable state). The
/// socket thread posts it and waits for <see cref="Reply"/>; the loop runs <see cref="Execute"/> between
/// two other events, so the command sees and changes the service table without locks.
/// </summary>
internal sealed record ControlRequest(Func<ControlReply> Run) : InitEvent
{
    private readonly TaskCompletionSource<ControlReply> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ControlReply> Reply => _reply.Task;

    /// <summary>Called on the event loop only.</summary>
    public void Execute()
    {
        try { _reply.TrySetResult(Run()); }
        catch (Exception e)
        {
            // A bug; an exception's message is a resource key in the trimmed build, its errno is not.
            _reply.TrySetResult(ControlReply.Fail("internal error: " + Linux.ExceptionErrno.Describe(e)));
        }
    }
}
