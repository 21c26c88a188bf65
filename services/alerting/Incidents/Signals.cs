using Suite.ServiceDefaults;

namespace Suite.Alerting.Incidents;

/// <summary>Wakes the escalation worker right after an incident is raised or acknowledged.</summary>
public sealed class EscalationSignal : WakeSignal;

/// <summary>Wakes the incident delivery dispatcher right after delivery rows commit.</summary>
public sealed class IncidentDeliverySignal : WakeSignal;
