using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Suite.Contracts.Ingestion.V1;
using Suite.ServiceDefaults.Auth;
using Suite.Testing;

namespace Suite.Ingestion.Tests.Integration;

/// <summary>RoleInterceptor on a real service: gRPC calls of every kind and JSON-transcoded routes go through it.</summary>
[Collection(InfraCollection.Name)]
public class RoleTests(IngestionHost host) : IClassFixture<IngestionHost>
{
    [Fact]
    public async Task A_client_ingests_over_grpc_and_json()
    {
        var tenant = TestEvents.NewTenant();
        var ack = await host.Client.TrackBatchAsync(TestEvents.Batch("b-client", 2), host.AuthFor(tenant, SuiteRoles.Client));
        Assert.Equal(2, ack.Accepted);

        using var response = await PostEventAsync(host.TokenFor(tenant, SuiteRoles.Client));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, await host.Database.CountEventsAsync(tenant));
    }

    [Fact]
    public async Task A_reader_may_not_ingest_over_json()
    {
        var tenant = TestEvents.NewTenant();
        using var response = await PostEventAsync(host.TokenFor(tenant, SuiteRoles.Reader));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, body);
        Assert.Contains("role 'reader' may not call Ingestion/Track (allowed: admin, client)", body);
        Assert.Equal(0, await host.Database.CountEventsAsync(tenant));
    }

    [Fact]
    public async Task Every_call_kind_is_denied_to_a_role_the_table_does_not_list()
    {
        var auth = host.AuthFor(TestEvents.NewTenant(), SuiteRoles.Monitor);
        var unary = await Assert.ThrowsAsync<RpcException>(() => host.Client.TrackAsync(TestEvents.New(), auth).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, unary.StatusCode);
        Assert.Equal("role 'monitor' may not call Ingestion/Track (allowed: admin, client)", unary.Status.Detail);

        using var stream = host.Client.Ingest(auth);
        await stream.RequestStream.CompleteAsync();
        var duplex = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, duplex.StatusCode);

        var erase = await Assert.ThrowsAsync<RpcException>(() =>
            host.Client.EraseUserAsync(new EraseUserRequest { UserId = "u-1" }, host.AuthFor(TestEvents.NewTenant(), SuiteRoles.Client)).ResponseAsync);
        Assert.Equal("role 'client' may not call Ingestion/EraseUser (allowed: admin)", erase.Status.Detail);
    }

    [Fact]
    public async Task Several_roles_are_allowed_when_any_of_them_is()
    {
        var stats = await host.Client.GetIngestionStatsAsync(new GetIngestionStatsRequest(), host.AuthFor(TestEvents.NewTenant(), SuiteRoles.Client, SuiteRoles.Monitor));
        Assert.NotNull(stats);
    }

    private async Task<HttpResponseMessage> PostEventAsync(string token)
    {
        using var http = host.Factory.CreateClient();
        var body = $$"""{"eventId":"{{Guid.NewGuid()}}","domain":"auth","type":"LOGIN","occurredAt":"{{DateTime.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
