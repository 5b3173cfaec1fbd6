namespace ShimV2;

/// <summary>
/// The shim's diagnostics: one line each on stderr, which the serving shim points at the bundle's
/// <c>log</c> FIFO containerd 1.6 reads into its own log (non-blocking, so a containerd that stopped
/// reading drops lines instead of stopping the shim).
/// </summary>
internal static class Log
{
    private static readonly Lock Gate = new();

    public static void Write(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"containerd-shim-cinit-v1: {line}\n");
        lock (Gate)
        {
            unsafe
            {
                fixed (byte* b = bytes) Tmds.Linux.LibC.write(2, b, bytes.Length);
            }
        }
    }
}
