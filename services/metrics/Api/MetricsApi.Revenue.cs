using Grpc.Core;
using Suite.Contracts.Metrics.V1;
using Suite.Metrics.Data;
using Suite.Metrics.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Metrics.Api;

/// <summary>Subscription revenue of a month (JSON: GET /v1/revenue/{month}) for the caller's tenant.</summary>
public sealed partial class MetricsApi
{
    public override async Task<GetRevenueMetricsResponse> GetRevenueMetrics(GetRevenueMetricsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var (start, violations) = Revenue.ParseMonth(request.Month);
        if (start is not { } monthStart)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }
        var events = await SubscriptionEventStore.ReadBeforeAsync(dataSource, tenant, monthStart.AddMonths(1), context.CancellationToken);
        var response = new GetRevenueMetricsResponse { Month = request.Month };
        response.Currencies.AddRange(Revenue.Compute(events, monthStart).Select(ToProto));
        return response;
    }

    private static RevenueMetrics ToProto(RevenueMonth m)
    {
        var proto = new RevenueMetrics
        {
            Currency = m.Currency, MrrMinor = m.Mrr, ArrMinor = m.Arr, StartMrrMinor = m.StartMrr, NewMrrMinor = m.NewMrr,
            ExpansionMrrMinor = m.ExpansionMrr, ContractionMrrMinor = m.ContractionMrr, ChurnedMrrMinor = m.ChurnedMrr,
            ReactivationMrrMinor = m.ReactivationMrr, PayingAccounts = m.PayingAccounts, StartPayingAccounts = m.StartPayingAccounts,
            NewAccounts = m.NewAccounts, ChurnedAccounts = m.ChurnedAccounts, ReactivatedAccounts = m.ReactivatedAccounts,
        };
        if (m.Arpu is { } arpu) proto.ArpuMinor = arpu;
        if (m.LogoChurnRate is { } logo) proto.LogoChurnRate = logo;
        if (m.RevenueChurnRate is { } revenueChurn) proto.RevenueChurnRate = revenueChurn;
        if (m.NetRevenueRetention is { } nrr) proto.NetRevenueRetention = nrr;
        if (m.GrossRevenueRetention is { } grr) proto.GrossRevenueRetention = grr;
        if (m.QuickRatio is { } quick) proto.QuickRatio = quick;
        if (m.Ltv is { } ltv) proto.LtvMinor = ltv;
        return proto;
    }
}
