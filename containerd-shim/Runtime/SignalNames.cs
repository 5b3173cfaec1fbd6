using System.Globalization;
using Linux.Native;

namespace Shim.Runtime;

/// <summary>kill's SIGNAL as runc takes it: a number (0 only checks that it exists), or a name with or without SIG, any case.</summary>
internal static class SignalNames
{
    public static int? Parse(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n is >= 0 and < 65 ? n : null;
        var name = text.ToUpperInvariant();
        if (!name.StartsWith("SIG", StringComparison.Ordinal)) name = "SIG" + name;
        for (var sig = 1; sig < 32; sig++)
            if (Signal.Name(sig) == name) return sig;
        return null;
    }
}
