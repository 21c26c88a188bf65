using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Suite.ServiceDefaults.Audit;

/// <summary>suite_{service}_audit_write_failures_total: audit rows that could not be written (alert on any).</summary>
public sealed class AuditMetrics
{
    private readonly Counter<long> _failures;

    public AuditMetrics(IMeterFactory meters, IHostEnvironment env)
    {
        var service = SuiteService.NameOf(env);
        _failures = meters.Create(SuiteService.MeterNameOf(env))
            .CreateCounter<long>($"suite.{service}.audit.write_failures", "{record}", "Audit records that could not be written");
    }

    public void WriteFailed() => _failures.Add(1);
}
