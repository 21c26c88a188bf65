using Microsoft.Extensions.Configuration;
using Suite.Ingestion.Domain.Limits;
using Suite.Ingestion.Domain.Privacy;

namespace Suite.Ingestion.Tests.Domain;

/// <summary>Configuration of the size limits, rate limits and privacy policy (section Ingestion), as the host binds it.</summary>
public class IngestionLimitsOptionsTests
{
    private static IngestionOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Ingestion:" + s.Key, s.Value)))
            .Build();
        return configuration.GetSection("Ingestion").Get<IngestionOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new IngestionOptions();
    }

    [Fact]
    public void Defaults_are_valid_and_match_the_issue()
    {
        var o = new IngestionOptions();
        Assert.Empty(o.Validate());
        Assert.Equal(32 * 1024, o.MaxEventBytes);
        Assert.Equal(1024 * 1024, o.MaxBatchBytes);
        Assert.Equal(64, o.MaxProperties);
        var policies = o.ToTenantPolicies();
        Assert.Equal(new RateLimit(20_000, 40_000), policies.RateLimitFor("any"));
        Assert.Equal(PrivacyMode.Redact, policies.PrivacyFor("any"));
    }

    [Theory]
    [InlineData("MaxEventBytes", "100", "MaxEventBytes")]
    [InlineData("MaxEventBytes", "2000000", "MaxEventBytes")]
    [InlineData("MaxBatchBytes", "5000000", "MaxBatchBytes")]
    [InlineData("MaxProperties", "-1", "MaxProperties")]
    [InlineData("MaxConcurrentCommits", "0", "MaxConcurrentCommits")]
    [InlineData("MaxCommitGroupEvents", "0", "MaxCommitGroupEvents")]
    [InlineData("MaxCommitGroupEvents", "100001", "MaxCommitGroupEvents")]
    [InlineData("RateLimit:EventsPerSecond", "0", "RateLimit:EventsPerSecond")]
    [InlineData("RateLimit:Burst", "999", "RateLimit:Burst")]
    [InlineData("RateLimit:Tenants:acme:EventsPerSecond", "-5", "RateLimit:Tenants:acme:EventsPerSecond")]
    [InlineData("RateLimit:Tenants:Not Valid:EventsPerSecond", "5", "not a valid tenant id")]
    [InlineData("Privacy:Mode", "mask", "Privacy:Mode")]
    [InlineData("Privacy:Tenants:acme", "drop", "Privacy:Tenants:acme")]
    public void Rejects_bad_settings_with_the_key_in_the_message(string key, string value, string expected)
    {
        var errors = Bind((key, value)).Validate().ToList();
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(8 * 1024 * 1024, 6 * 1024 * 1024, true)]    // a raised gRPC limit allows larger batches
    [InlineData(4 * 1024 * 1024, 6 * 1024 * 1024, false)]
    [InlineData(512 * 1024, 1024 * 1024, false)]           // a lowered one refuses the default batch size
    [InlineData(512 * 1024, 256 * 1024, true)]
    public void A_batch_may_not_exceed_the_configured_grpc_message_limit(int grpcLimit, int batchBytes, bool valid)
    {
        var errors = Bind(("MaxBatchBytes", batchBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))).Validate(grpcLimit).ToList();
        Assert.Equal(valid, !errors.Any(e => e.Contains("MaxBatchBytes", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_keys_fail_binding()
    {
        Assert.Throws<InvalidOperationException>(() => Bind(("RateLimit:EventsPerMinute", "5")));
    }

    [Fact]
    public void Per_tenant_rate_limits_and_privacy_modes()
    {
        var o = Bind(
            ("RateLimit:EventsPerSecond", "500"),
            ("RateLimit:Tenants:acme:EventsPerSecond", "100"),
            ("RateLimit:Tenants:acme:Burst", "2000"),
            ("RateLimit:Tenants:small:EventsPerSecond", "10"),
            ("Privacy:Mode", "redact"),
            ("Privacy:Tenants:bank", "Reject"));

        Assert.Empty(o.Validate());
        var policies = o.ToTenantPolicies();
        Assert.Equal(new RateLimit(500, 1000), policies.RateLimitFor("other"));     // burst: twice the rate
        Assert.Equal(new RateLimit(100, 2000), policies.RateLimitFor("acme"));
        Assert.Equal(new RateLimit(10, 1000), policies.RateLimitFor("small"));      // at least one full batch
        Assert.Equal(PrivacyMode.Reject, policies.PrivacyFor("bank"));
        Assert.Equal(PrivacyMode.Redact, policies.PrivacyFor("other"));
    }

    [Fact]
    public void Size_limits_flow_into_the_policy_and_request_limits()
    {
        var o = Bind(("MaxEventBytes", "4096"), ("MaxBatchBytes", "65536"), ("MaxProperties", "8"));

        Assert.Empty(o.Validate());
        Assert.Equal(new RequestLimits(4096, 65536), o.ToRequestLimits());
        Assert.Equal(8, o.ToPolicy().MaxProperties);
        Assert.Equal(4096, o.ToPolicy().MaxEventBytes);
    }
}
