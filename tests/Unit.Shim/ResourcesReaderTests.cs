using System.Text.Json;
using Shim.Cgroups.Model;
using Shim.Config;

namespace Tests.UnitShim;

/// <summary>The hand reader of linux.resources against the source-generated deserializer it replaces on
/// the start path: the same records for every field, and the same refusals (it hands those back).</summary>
public sealed class ResourcesReaderTests
{
    // Every property of every model record, so a property added to the model reads as null here and
    // fails Every_field_reads_as_the_deserializer_reads_it until the reader (and this JSON) have it.
    private const string Full = """
        {"devices": [{"allow": false, "type": "b", "major": 8, "minor": 0, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rw"}],
         "memory": {"limit": 1048576, "reservation": 524288, "swap": 2097152, "kernel": -1, "kernelTCP": 4096,
                    "swappiness": 10, "disableOOMKiller": true, "useHierarchy": false, "checkBeforeUpdate": true},
         "cpu": {"shares": 512, "quota": 50000, "burst": 1000, "period": 100000, "realtimeRuntime": 950, "realtimePeriod": 1000,
                 "cpus": "0-1", "mems": "0", "idle": 1},
         "pids": {"limit": 64},
         "blockIO": {"weight": 500, "leafWeight": 300,
                     "weightDevice": [{"major": 8, "minor": 0, "weight": 100, "leafWeight": 50}],
                     "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1000}],
                     "throttleWriteBpsDevice": [{"major": 8, "minor": 1, "rate": 2000}],
                     "throttleReadIOPSDevice": [{"major": 8, "minor": 2, "rate": 30}],
                     "throttleWriteIOPSDevice": [{"major": 8, "minor": 3, "rate": 40}]},
         "hugepageLimits": [{"pageSize": "2MB", "limit": 209715200}],
         "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
         "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
         "unified": {"memory.high": "30000000"}}
        """;

    [Fact]
    public void Every_field_reads_as_the_deserializer_reads_it()
    {
        var read = Serialized(Full, useReader: true);
        Assert.Equal(Serialized(Full, useReader: false), read);
        Assert.DoesNotContain("null", read, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"devices": null, "memory": null, "cpu": null, "pids": null, "blockIO": null, "hugepageLimits": null, "network": null, "rdma": null, "unified": null}""")]
    [InlineData("""{"devices": [null], "memory": {"limit": null, "disableOOMKiller": null}, "cpu": {"cpus": null}, "rdma": {"x": null}, "unified": {"a": null}}""")]
    [InlineData("""{"network": {"priorities": [null, 1]}, "blockIO": {"weightDevice": [{"major": 1, "minor": 2, "weight": null}]}}""")]
    [InlineData("""{"pids": {"limit": 1}, "pids": {"limit": 2}}""")]
    public void Nulls_empties_and_repeats_read_as_the_deserializer_reads_them(string json) =>
        Assert.Equal(Serialized(json, useReader: false), Serialized(json, useReader: true));

    [Theory]
    [InlineData("""{"memroy": {}}""")]
    [InlineData("""{"memory": {"limit": "lots"}}""")]
    [InlineData("""{"memory": {"Limit": 1}}""")]
    [InlineData("""{"devices": [{"allow": null}]}""")]
    [InlineData("""{"blockIO": {"weight": 70000}}""")]
    [InlineData("""{"pids": {"limit": 1.5}}""")]
    [InlineData("""{"hugepageLimits": [{"pageSize": "2MB", "limit": -1}]}""")]
    public void What_the_deserializer_refuses_the_reader_hands_back(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.ThrowsAny<JsonException>(() => doc.RootElement.Deserialize(ResourcesJson.Default.Resources));
        Assert.Throws<JsonShapeException>(() => ResourcesReader.Read(doc.RootElement));
    }

    private static string Serialized(string json, bool useReader)
    {
        using var doc = JsonDocument.Parse(json);
        var resources = useReader ? ResourcesReader.Read(doc.RootElement) : doc.RootElement.Deserialize(ResourcesJson.Default.Resources)!;
        return JsonSerializer.Serialize(resources, ResourcesJson.Default.Resources);
    }
}
