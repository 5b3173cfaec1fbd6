using Linux.Native;

namespace Pid1.Supervision;

/// <summary>
/// SIGKILL to a whole container. Killing only the shim would orphan the container (its pid 1 is the shim's
/// child in a new session, and would be reparented to us). Killing the container's pid 1 ends its whole pid
/// namespace, so the kernel kills everything in it; the shim then reports 137 and exits. The shim's children
/// are listed per thread in /proc (the thread that spawned stage 2 may be gone, then another thread holds
/// the child), so every task's list is read. The shim itself is spared so it can clean up after its
/// container (the writable layer's mounts); it gets SIGKILL only when it has no child yet (stage 2 not
/// spawned), and then nothing of the container exists to orphan.
/// </summary>
internal static class ContainerKiller
{
    public static void Kill(int shimPid)
    {
        var children = Children(shimPid);
        foreach (var child in children) Signal.kill(child, Signal.SIGKILL);
        if (children.Count == 0) Signal.kill(shimPid, Signal.SIGKILL);
    }

    internal static List<int> Children(int pid)
    {
        var children = new List<int>();
        string[] tasks;
        try { tasks = Directory.GetDirectories($"/proc/{pid}/task"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return children; }
        foreach (var task in tasks)
        {
            string text;
            try { text = File.ReadAllText(Path.Combine(task, "children")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(word, out var child)) children.Add(child);
        }
        return children;
    }
}
