using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Suite.Contracts.Reporting.V1;
using Suite.ServiceDefaults.Grpc;

namespace Suite.ServiceDefaults.Tests.Grpc;

/// <summary>The checks every request passes before a handler: parsable body, valid times, bounded error texts.</summary>
public class RequestChecksTests
{
    public static TheoryData<long, int, bool> Times => new()
    {
        { 0, 0, true },
        { 253402300799, 999_999_999, true },     // 9999-12-31T23:59:59.999999999Z
        { -62135596800, 0, true },               // 0001-01-01
        { 253402300800, 0, false },
        { -62135596801, 0, false },
        { long.MaxValue, 0, false },
        { 0, -1, false },
        { 0, 1_000_000_000, false },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void A_timestamp_outside_protobufs_range_is_named_by_its_path(long seconds, int nanos, bool valid)
    {
        var request = new GenerateReportRequest { Kpi = "logins", From = new Timestamp { Seconds = seconds, Nanos = nanos } };
        Assert.Equal(valid ? null : "from", WellFormed.InvalidTimeField(request));
    }

    [Fact]
    public void A_message_without_times_is_well_formed() =>
        Assert.Null(WellFormed.InvalidTimeField(new GenerateReportRequest { Kpi = "logins" }));

    [Fact]
    public void A_valid_frame_passes_and_a_broken_one_names_the_expected_type()
    {
        var parser = GenerateReportRequest.Parser;
        Assert.Null(RequestParsing.Problem(Frame(new GenerateReportRequest { Kpi = "logins" }.ToByteArray()), parser));

        var problem = RequestParsing.Problem(Frame([0x0A, 0x7F, 0x41]), parser);   // a string field longer than the message
        Assert.NotNull(problem);
        Assert.Contains("not a valid suite.reporting.v1.GenerateReportRequest message", problem);
    }

    [Fact]
    public void Incomplete_or_compressed_frames_are_left_to_grpc()
    {
        Assert.Null(RequestParsing.Problem([0, 0, 0], GenerateReportRequest.Parser));
        var compressed = Frame([0x0A, 0x7F]);
        compressed[0] = 1;
        Assert.Null(RequestParsing.Problem(compressed, GenerateReportRequest.Parser));
    }

    [Fact]
    public void An_error_quoting_a_huge_value_is_cut_and_loses_oversized_trailers()
    {
        var trailers = new Metadata { { "grpc-status-details-bin", new byte[Bounded.MaxTrailerBytes + 1] }, { "small", "kept" } };
        var ex = new RpcException(new Status(StatusCode.InvalidArgument, "name: '" + new string('x', 3_000_000) + "' is unknown"), trailers);
        Assert.True(Bounded.IsOversized(ex));

        var shortened = Bounded.Shorten(ex);

        Assert.Equal(StatusCode.InvalidArgument, shortened.StatusCode);
        Assert.True(shortened.Status.Detail.Length <= Bounded.MaxDetailChars);
        Assert.EndsWith("more characters)", shortened.Status.Detail);
        Assert.Equal(["small"], shortened.Trailers.Select(t => t.Key));
        Assert.False(Bounded.IsOversized(shortened));
    }

    [Fact]
    public void An_ordinary_error_is_not_touched() =>
        Assert.False(Bounded.IsOversized(new RpcException(new Status(StatusCode.NotFound, "no KPI named 'logins'"))));

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[message.Length + 5];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}
