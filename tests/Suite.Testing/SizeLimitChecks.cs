using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Suite.Testing;

/// <summary>
/// Oversized requests against a service's default limits (RequestLimits: 4 MiB per gRPC message, 8 MiB per HTTP body).
/// The gRPC message is raw garbage bytes: had it been read, parsing would fail with INTERNAL, so RESOURCE_EXHAUSTED
/// proves it was refused before deserialization (and before the handler).
/// </summary>
public static class SizeLimitChecks
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    public static async Task AssertGrpcRefusedAsync(GrpcChannel channel, string service, string method, string token, int bytes = 4 * 1024 * 1024 + 1)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw);
        var payload = new byte[bytes];
        Array.Fill(payload, (byte)0xFF);
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(new Metadata { { "Authorization", "Bearer " + token } }), payload).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    public static async Task AssertHttpRefusedAsync(HttpClient http, string path, string token, int bytes = 8 * 1024 * 1024 + 1)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(new byte[bytes]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
