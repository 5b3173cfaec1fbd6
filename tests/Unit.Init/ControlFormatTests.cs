using Pid1.Control;

namespace Tests.UnitInit;

/// <summary>What <c>initctl list</c> and <c>status</c> print, as text and as JSON.</summary>
public sealed class ControlFormatTests
{
    private static readonly ServiceSnapshot[] Rows =
    [
        new("web", "ready", 42, 0, 3725.4, null),
        new("crashy", "backoff", null, 3, null, "exit status 2"),
    ];

    [Fact]
    public void Table_is_aligned_with_a_header()
    {
        Assert.Equal(
            "NAME    STATE    PID  RESTARTS  UPTIME    LAST-EXIT\n" +
            "web     ready    42   0         1h02m05s  -\n" +
            "crashy  backoff  -    3         -         exit status 2\n",
            SnapshotFormat.Table(Rows));
    }

    [Fact]
    public void Json_list_is_an_array_and_status_one_object()
    {
        Assert.Equal(
            "[{\"name\":\"web\",\"state\":\"ready\",\"pid\":42,\"restarts\":0,\"uptimeSeconds\":3725.4,\"lastExit\":null}," +
            "{\"name\":\"crashy\",\"state\":\"backoff\",\"pid\":null,\"restarts\":3,\"uptimeSeconds\":null,\"lastExit\":\"exit status 2\"}]\n",
            SnapshotFormat.Json(Rows, single: false));
        Assert.StartsWith("{\"name\":\"web\",", SnapshotFormat.Json(Rows[..1], single: true));
    }

    [Theory]
    [InlineData(null, "-")]
    [InlineData(double.NaN, "-")]
    [InlineData(0.4, "0s")]
    [InlineData(59.9, "59s")]
    [InlineData(60.0, "1m00s")]
    [InlineData(3599.0, "59m59s")]
    [InlineData(3600.0, "1h00m00s")]
    [InlineData(90061.0, "25h01m01s")]
    public void Uptime_reads_like_a_duration(double? seconds, string expected) =>
        Assert.Equal(expected, SnapshotFormat.Uptime(seconds));
}
