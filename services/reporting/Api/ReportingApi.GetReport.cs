using Google.Protobuf;
using Grpc.Core;
using Suite.Contracts.Reporting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Reporting.Api;

public sealed partial class ReportingApi
{
    /// <summary>Chunks small enough for gRPC's default 4 MiB message limit and for steady flow control.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Streams a stored report of the caller's tenant. Another tenant's report is NOT_FOUND, like one that does not
    /// exist, so ids of other tenants cannot be probed.
    /// </summary>
    public override async Task GetReport(GetReportRequest request, IServerStreamWriter<ReportChunk> responseStream, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (!Guid.TryParse(request.ReportId, out var id))
        {
            throw GrpcErrors.InvalidArgument([new FieldViolation("report_id", "must be a report id (UUID)")]);
        }
        var report = await reports.GetAsync(id, tenant, context.CancellationToken)
                     ?? throw new RpcException(new Status(StatusCode.NotFound, $"report {id} not found"));

        var content = report.Content;
        var offset = 0;
        do
        {
            var length = Math.Min(ChunkSize, content.Length - offset);
            var chunk = new ReportChunk { Data = ByteString.CopyFrom(content, offset, length) };
            if (offset == 0)
            {
                chunk.ContentType = report.ContentType;
                chunk.FileName = report.FileName;
                chunk.Size = content.Length;
            }
            await responseStream.WriteAsync(chunk, context.CancellationToken);
            offset += length;
        }
        while (offset < content.Length);
    }
}
