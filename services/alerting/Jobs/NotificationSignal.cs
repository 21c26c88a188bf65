using Suite.ServiceDefaults;

namespace Suite.Alerting.Jobs;

/// <summary>Wakes the notifier right after new notifications commit, so delivery does not wait for the next poll.</summary>
public sealed class NotificationSignal : WakeSignal;
