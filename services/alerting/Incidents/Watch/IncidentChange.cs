using System.Text.Json;
using Suite.Alerting.Domain.Escalation;

namespace Suite.Alerting.Incidents.Watch;

/// <summary>
/// One committed state change of an incident (opened, acknowledged, re-opened, resolved) as announced by the
/// triggers of migration 0005. <see cref="Seq"/> grows with every change of the same row.
/// </summary>
public sealed record IncidentChange(Incident Incident, long Seq)
{
    public const string Channel = "alerting_incident_changes";

    /// <summary>A NOTIFY payload: the whole change, or only its id when the row was too big for a payload.</summary>
    public sealed record Announcement(Guid Id, string Tenant, long Seq, IncidentChange? Change);

    public static Announcement Parse(string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var j = doc.RootElement;
        var id = j.GetProperty("id").GetGuid();
        var tenant = j.GetProperty("tenant").GetString()!;
        var seq = j.GetProperty("seq").GetInt64();
        if (j.TryGetProperty("partial", out _))
        {
            return new Announcement(id, tenant, seq, null);
        }
        var lastLevel = j.GetProperty("last_level");
        var incident = new Incident(
            id, tenant,
            j.GetProperty("fingerprint").GetString()!,
            j.GetProperty("alert_name").GetString()!,
            j.GetProperty("labels").Deserialize<Dictionary<string, string>>(IncidentStore.Json)!,
            j.GetProperty("annotations").Deserialize<Dictionary<string, string>>(IncidentStore.Json)!,
            j.GetProperty("severity").GetString()!,
            j.GetProperty("state").GetString()!,
            j.GetProperty("started_at").GetDateTimeOffset(),
            Time(j, "acknowledged_at"),
            Text(j, "acknowledged_by"),
            Time(j, "resolved_at"),
            Text(j, "resolved_by"),
            j.GetProperty("route_path").GetString()!,
            j.GetProperty("policy").Deserialize<EscalationPolicy>(IncidentStore.Json)!,
            lastLevel.ValueKind == JsonValueKind.Null ? null
                : new FiredStep(lastLevel.GetInt32(), j.GetProperty("last_repeat").GetInt32(), j.GetProperty("last_fired_at").GetDateTimeOffset()),
            Time(j, "next_due_at"));
        return new Announcement(id, tenant, seq, new IncidentChange(incident, seq));
    }

    private static DateTimeOffset? Time(JsonElement j, string name) =>
        j.GetProperty(name) is { ValueKind: not JsonValueKind.Null } v ? v.GetDateTimeOffset() : null;

    private static string? Text(JsonElement j, string name) =>
        j.GetProperty(name) is { ValueKind: not JsonValueKind.Null } v ? v.GetString() : null;
}
