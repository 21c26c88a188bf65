using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Api;

/// <summary>The KPI list and a tenant's own KPIs (JSON: GET/POST /v1/kpis, DELETE /v1/kpis/{name}).</summary>
public sealed partial class MetricsApi
{
    public override async Task<ListKpisResponse> ListKpis(ListKpisRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var response = new ListKpisResponse();
        response.Kpis.AddRange(KpiCatalog.All.Select(k => ToProto(k, builtIn: true)));
        response.Kpis.AddRange((await customKpis.ListAsync(tenant, context.CancellationToken)).Select(k => ToProto(k, builtIn: false)));
        return response;
    }

    public override async Task<Contracts.Metrics.V1.KpiDefinition> CreateKpi(CreateKpiRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var validation = CustomKpiValidator.Validate(request);
        if (validation.Kpi is not { } kpi)
        {
            throw GrpcErrors.InvalidArgument(validation.Violations);
        }
        return await customKpis.AddAsync(tenant, request, context.CancellationToken) switch
        {
            CustomKpiStore.AddResult.Added => ToProto(kpi, builtIn: false),
            CustomKpiStore.AddResult.NameTaken => throw new RpcException(new Status(StatusCode.AlreadyExists, $"the tenant already has a KPI named '{request.Name}'")),
            _ => throw new RpcException(new Status(StatusCode.ResourceExhausted, $"a tenant may declare at most {CustomKpiStore.MaxPerTenant} KPIs of its own: delete some first")),
        };
    }

    public override async Task<DeleteKpiResponse> DeleteKpi(DeleteKpiRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        if (KpiCatalog.Find(request.Name) is not null)
        {
            throw GrpcErrors.FailedPrecondition($"'{request.Name}' is a built-in KPI and cannot be deleted");
        }
        if (!await customKpis.DeleteAsync(tenant, request.Name, context.CancellationToken))
        {
            throw GrpcErrors.NotFound($"the tenant has no KPI named '{request.Name}'");
        }
        return new DeleteKpiResponse();
    }

    private static Contracts.Metrics.V1.KpiDefinition ToProto(Domain.KpiDefinition k, bool builtIn)
    {
        var proto = new Contracts.Metrics.V1.KpiDefinition { Name = k.Name, Description = k.Description, Unit = k.UnitName, BuiltIn = builtIn };
        proto.Filters.AddRange(k.Filters);
        return proto;
    }
}
