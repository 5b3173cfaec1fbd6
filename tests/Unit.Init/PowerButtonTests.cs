using Pid1.Logs;
using Pid1.Power;

namespace Tests.UnitInit;

/// <summary>struct input_event decoding for the power button, and the kernel log's record format.</summary>
public sealed class PowerButtonTests
{
    private static byte[] Event(ushort type, ushort code, int value)
    {
        var raw = new byte[InputEvent.Size];
        raw.AsSpan(0, 16).Fill(0xAB); // struct timeval: ignored
        BitConverter.TryWriteBytes(raw.AsSpan(16), type);
        BitConverter.TryWriteBytes(raw.AsSpan(18), code);
        BitConverter.TryWriteBytes(raw.AsSpan(20), value);
        return raw;
    }

    [Theory]
    [InlineData(1, 116, 1, true)]   // EV_KEY KEY_POWER press
    [InlineData(1, 116, 0, false)]  // release
    [InlineData(1, 116, 2, false)]  // autorepeat
    [InlineData(0, 0, 0, false)]    // EV_SYN
    [InlineData(1, 142, 1, false)]  // KEY_SLEEP
    public void Only_a_power_key_press_counts(ushort type, ushort code, int value, bool press) =>
        Assert.Equal(press, InputEvent.Parse(Event(type, code, value)).IsPowerPress);

    [Fact]
    public void Finds_the_power_button_among_the_input_devices_of_this_machine()
    {
        // Real sysfs: on a host without one the answer must be null, never an exception.
        var device = PowerButtonWatcher.FindDevice();
        if (device is not null) Assert.Matches(@"^/dev/input/event\d+$", device);
        Assert.Null(PowerButtonWatcher.FindDevice("/nonexistent/class/input"));
    }

    [Theory]
    [InlineData("6,339,5140900,-;virtio_net virtio1 eth0: renamed\n", "[    5.140900] virtio_net virtio1 eth0: renamed")]
    [InlineData("5,0,0,-;Linux version 6.1.0\n SUBSYSTEM=x\n", "[    0.000000] Linux version 6.1.0")]
    [InlineData("4,12,123456789012,c;late\n", "[123456.789012] late")]
    [InlineData("no header\n", "no header")]
    public void Kernel_records_read_like_dmesg(string record, string expected) =>
        Assert.Equal(expected, KernelLog.Format(record));
}
