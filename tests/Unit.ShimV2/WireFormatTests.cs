using Google.Protobuf;
using ShimV2.Protocol.Task;
using ShimV2.Protocol.Ttrpc;

namespace Tests.UnitShimV2;

/// <summary>The generated messages put each field under containerd's field number: the bytes are written
/// out by hand from the .proto files of containerd and ttrpc (tag = number &lt;&lt; 3 | wire type).</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void A_ttrpc_request_has_service_method_payload_timeout_as_fields_1_to_4()
    {
        var request = new Request { Service = "s", Method = "m", Payload = ByteString.CopyFrom(9), TimeoutNano = 1 };
        Assert.Equal(new byte[] { 0x0a, 1, (byte)'s', 0x12, 1, (byte)'m', 0x1a, 1, 9, 0x20, 1 }, request.ToByteArray());
    }

    [Fact]
    public void A_ttrpc_response_has_the_status_as_field_1_and_the_payload_as_field_2()
    {
        var response = new Response { Status = new Status { Code = 5, Message = "x" }, Payload = ByteString.CopyFrom(7) };
        Assert.Equal(new byte[] { 0x0a, 5, 0x08, 5, 0x12, 1, (byte)'x', 0x12, 1, 7 }, response.ToByteArray());
    }

    [Fact]
    public void Create_carries_id_bundle_rootfs_terminal_and_stdio_at_containerds_numbers()
    {
        var bytes = new byte[] {
            0x0a, 1, (byte)'c',              // id = 1
            0x12, 1, (byte)'b',              // bundle = 2
            0x1a, 3, 0x0a, 1, (byte)'o',     // rootfs = 3: Mount { type = 1 }
            0x20, 1,                         // terminal = 4
            0x2a, 1, (byte)'i', 0x32, 1, (byte)'o', 0x3a, 1, (byte)'e', // stdin 5, stdout 6, stderr 7
        };
        var create = CreateTaskRequest.Parser.ParseFrom(bytes);
        Assert.Equal(("c", "b", "o", true, "i", "o", "e"),
            (create.Id, create.Bundle, create.Rootfs.Single().Type, create.Terminal, create.Stdin, create.Stdout, create.Stderr));
    }

    [Fact]
    public void Wait_and_delete_answer_exit_status_at_containerds_numbers()
    {
        Assert.Equal(new byte[] { 0x08, 3 }, new WaitResponse { ExitStatus = 3 }.ToByteArray());
        Assert.Equal(new byte[] { 0x08, 42, 0x10, 0x89, 0x01 }, new DeleteResponse { Pid = 42, ExitStatus = 137 }.ToByteArray());
        Assert.Equal(new byte[] { 0x20, 2 }, new StateResponse { Status = ShimV2.Protocol.Types.Status.Running }.ToByteArray());
    }
}
