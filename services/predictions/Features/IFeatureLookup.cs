using Suite.Predictions.Domain;

namespace Suite.Predictions.Features;

/// <summary>What scoring by id reads from the feature store (the store itself fills it from EventBatchIngested).</summary>
public interface IFeatureLookup
{
    /// <summary>Null when the account is unknown to the feature store.</summary>
    Task<ChurnFeatureVector?> ChurnFeaturesAsync(string tenant, string accountId, DateTimeOffset asOf, CancellationToken ct);

    /// <summary>The factors of the user's latest login attempt; null when the user has none.</summary>
    Task<ThreatFactors?> LatestLoginFactorsAsync(string tenant, string userId, CancellationToken ct);

    /// <summary>Null when the quote is unknown.</summary>
    Task<ConversionFeatureVector?> QuoteFeaturesAsync(string tenant, string quoteId, DateTimeOffset asOf, CancellationToken ct);

    /// <summary>Tenants the feature store knows.</summary>
    Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct);

    /// <summary>Current churn features of the given accounts (every known account when <paramref name="accountIds"/> is empty).</summary>
    Task<IReadOnlyList<(string AccountId, ChurnFeatureVector Features)>> AccountsAsync(string tenant, IReadOnlyList<string> accountIds, DateTimeOffset asOf, CancellationToken ct);
}
