namespace ShimV2.Ttrpc;

/// <summary>gRPC's status codes, which ttrpc carries and containerd maps to its errdefs
/// (NotFound, AlreadyExists, FailedPrecondition...).</summary>
public enum RpcCode
{
    Ok = 0,
    Unknown = 2,
    InvalidArgument = 3,
    NotFound = 5,
    AlreadyExists = 6,
    FailedPrecondition = 9,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
}

/// <summary>A call's failure as its status: thrown by a handler to answer with that status, and by the
/// client when the peer answered with one. The one exception the service lets unwind to the server.</summary>
public sealed class RpcException(RpcCode code, string message) : Exception(message)
{
    public RpcCode Code { get; } = code;

    public override string ToString() => $"{Code}: {Message}";
}
