using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Suite.ServiceDefaults.Grpc;
using Xunit;

namespace Suite.ServiceDefaults.Tests.Grpc;

public sealed class ExceptionInterceptorTests
{
    private readonly ExceptionInterceptor _interceptor = new(NullLogger<ExceptionInterceptor>.Instance);

    [Fact]
    public async Task A_request_stream_reset_by_the_caller_ends_cancelled_not_internal()
    {
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ClientStreamingServerHandler<string, string>(
            null!, new FakeContext(aborted.Token), (_, _) => throw new IOException("The request stream was aborted.")));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task A_streamed_message_that_does_not_parse_is_invalid_argument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _interceptor.DuplexStreamingServerHandler<string, string>(
            null!, null!, new FakeContext(CancellationToken.None), (_, _, _) => Task.FromResult(Google.Protobuf.WellKnownTypes.Duration.Parser.ParseFrom([0x0A, 0x7F]))));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("request: a streamed message is not valid", ex.Status.Detail);
    }

    [Fact]
    public async Task An_oversized_status_leaves_shortened()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ClientStreamingServerHandler<string, string>(
            null!, new FakeContext(CancellationToken.None), (_, _) => throw new RpcException(new Status(StatusCode.NotFound, new string('x', 100_000)))));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.True(ex.Status.Detail.Length <= Bounded.MaxDetailChars);
    }

    private sealed class FakeContext(CancellationToken token) : ServerCallContext
    {
        protected override string MethodCore => "/test.v1.Test/Call";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => token;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
