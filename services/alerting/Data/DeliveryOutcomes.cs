using Npgsql;

namespace Suite.Alerting.Data;

/// <summary>
/// Recording a send attempt's outcome, shared by the two delivery tables (notifications for CreateRule rules,
/// incident_deliveries for incidents), which keep the same state/attempts/next_attempt_at/last_error columns.
/// </summary>
internal static class DeliveryOutcomes
{
    public const string Notifications = "notifications";
    public const string IncidentDeliveries = "incident_deliveries";
    private const int MaxErrorLength = 2000;

    public static async Task MarkSentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"update {Checked(table)} set state = 'sent', attempts = attempts + 1, sent_at = @at, last_error = null where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task MarkRetryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, DateTimeOffset retryAt, string? error, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"update {Checked(table)} set attempts = attempts + 1, next_attempt_at = @at, last_error = @error where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", retryAt);
        cmd.Parameters.AddWithValue("error", (object?)Truncate(error) ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task MarkFailedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, Guid id, string? error, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"update {Checked(table)} set state = 'failed', attempts = attempts + 1, last_error = @error where id = @id", conn, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("error", (object?)Truncate(error) ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // The table name goes into SQL text: only the two known tables.
    private static string Checked(string table) => table is Notifications or IncidentDeliveries
        ? table
        : throw new ArgumentOutOfRangeException(nameof(table), table, "not a delivery table");

    private static string? Truncate(string? error) => error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
}
