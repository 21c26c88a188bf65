using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Incidents;
using Suite.Contracts.Events;

namespace Suite.Alerting.Messaging;

/// <summary>Raises an incident for each of the tenant's health_score_below_40 rules the day's score crossed (metrics' nightly ETL).</summary>
public sealed class AccountHealthChangedConsumer(IConfigSource configs, EventIncidentWriter writer)
    : EventRuleConsumer<AccountHealthChanged>(configs, writer, InboxName)
{
    public const string InboxName = "alerting.account_health_changed";

    protected override string TenantOf(AccountHealthChanged message) => message.Tenant;

    protected override DateTimeOffset AtOf(AccountHealthChanged message) => message.At;

    protected override IReadOnlyList<EventAlert> Alerts(CompiledConfig config, AccountHealthChanged e) =>
        EventAlerts.ForHealth(config, e.Tenant, e.AccountId, e.PreviousScore, e.Score);
}
