namespace Pid1;

internal static class Program
{
    private static int Main() => 0;
}
