using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Predictions.Analytics;
using Suite.Predictions.Domain;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Predictions.Api;

public sealed partial class PredictionsApi
{
    public const int MaxSeriesValues = 100_000;
    public const int MaxAdoptionPoints = 100_000;

    public override Task<Contracts.Predictions.V1.SeriesForecast> ForecastSeries(ForecastSeriesRequest request, ServerCallContext context)
    {
        context.RequireTenant();
        if (request.Values.Count > MaxSeriesValues)
        {
            throw GrpcErrors.InvalidArgument("values", $"at most {MaxSeriesValues} observations");
        }
        var period = request.SeasonPeriod switch { 0 => SeriesForecaster.DefaultSeasonPeriod, -1 => 0, var p => p };
        var confidence = request.Confidence == 0 ? 0.95 : request.Confidence;
        var forecast = Domain("values", () => SeriesForecaster.Forecast(request.Values, request.Horizon, period, confidence),
            ("horizon", "horizon"), ("seasonPeriod", "season_period"), ("confidence", "confidence"));
        var response = new Contracts.Predictions.V1.SeriesForecast
        {
            Slope = forecast.Slope, Intercept = forecast.Intercept, ResidualStdDev = forecast.ResidualStdDev,
        };
        response.SeasonalEffects.AddRange(forecast.SeasonalEffects);
        response.Points.AddRange(forecast.Points.Select(p => new Contracts.Predictions.V1.ForecastPoint { Step = p.Step, Value = p.Value, Lower = p.Lower, Upper = p.Upper }));
        return Task.FromResult(response);
    }

    public override Task<AdoptionForecast> ForecastAdoption(ForecastAdoptionRequest request, ServerCallContext context)
    {
        context.RequireTenant();
        if (request.Observed.Count > MaxAdoptionPoints || request.At.Count > MaxAdoptionPoints)
        {
            throw GrpcErrors.InvalidArgument(request.Observed.Count > MaxAdoptionPoints ? "observed" : "at", $"at most {MaxAdoptionPoints} points");
        }
        if ((request.Observed.Count > 0) == (request.Parameters is not null))
        {
            throw GrpcErrors.InvalidArgument("observed", "give either observed points to fit or parameters, not both");
        }
        if (request.At.Any(t => !double.IsFinite(t)))
        {
            throw GrpcErrors.InvalidArgument("at", "times must be finite numbers");
        }
        LogisticGrowth growth;
        double rSquared = 0;
        if (request.Parameters is { } p)
        {
            if (!(double.IsFinite(p.L) && p.L > 0) || !double.IsFinite(p.K) || !double.IsFinite(p.T0))
            {
                throw GrpcErrors.InvalidArgument("parameters", "l must be a positive number; k and t0 finite numbers");
            }
            growth = new LogisticGrowth(p.L, p.K, p.T0);
        }
        else
        {
            var fit = Domain("observed", () => LogisticGrowthFitter.Fit(request.Observed.Select(o => (o.T, o.Value)).ToList()));
            (growth, rSquared) = (fit.Growth, fit.RSquared);
        }
        var response = new AdoptionForecast
        {
            Parameters = new LogisticParameters { L = growth.L, K = growth.K, T0 = growth.T0 },
            RSquared = rSquared,
        };
        response.Values.AddRange(request.At.Select(t => new AdoptionPoint { T = t, Value = growth.ValueAt(t) }));
        return Task.FromResult(response);
    }

    public override async Task<Contracts.Predictions.V1.Segmentation> SegmentAccounts(SegmentAccountsRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var k = request.K == 0 ? AccountSegmenter.DefaultK : request.K;
        if (k is < AccountSegmenter.MinK or > AccountSegmenter.MaxK)
        {
            throw GrpcErrors.InvalidArgument("k", $"must be between {AccountSegmenter.MinK} and {AccountSegmenter.MaxK} (default {AccountSegmenter.DefaultK})");
        }
        if (request.AccountIds.Any(id => string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength))
        {
            throw GrpcErrors.InvalidArgument("account_ids", $"ids must be non-empty and at most {MaxIdLength} characters");
        }
        var accounts = await lookup.AccountsAsync(tenant, request.AccountIds, clock.GetUtcNow(), context.CancellationToken);
        if (accounts.Count < k)
        {
            throw GrpcErrors.FailedPrecondition($"{accounts.Count} account(s) found in the feature store; at least k = {k} are needed");
        }
        var segmentation = await Task.Run(() => AccountSegmenter.Segment(
            accounts.Select(a => (a.AccountId, a.Features.ToArray())).ToList(), ChurnFeatureVector.FieldNames, k, request.Seed == 0 ? 1 : request.Seed));
        var response = new Contracts.Predictions.V1.Segmentation();
        foreach (var profile in segmentation.Profiles)
        {
            var proto = new Contracts.Predictions.V1.SegmentProfile { Segment = profile.Segment, Size = profile.Size, Label = profile.Label };
            foreach (var (feature, mean) in profile.Means)
            {
                proto.Means[feature] = mean;
            }
            response.Profiles.Add(proto);
        }
        response.Assignments.AddRange(segmentation.Assignments.Select(a => new Contracts.Predictions.V1.SegmentAssignment
        {
            AccountId = a.AccountId, Segment = a.Segment, Distance = a.DistanceToCentroid,
        }));
        return response;
    }

    /// <summary>
    /// Runs a domain function whose ArgumentExceptions name their parameter; answers InvalidArgument on the matching
    /// proto field (<paramref name="fields"/> maps parameter → field, anything else goes to <paramref name="defaultField"/>).
    /// </summary>
    private static T Domain<T>(string defaultField, Func<T> run, params (string Parameter, string Field)[] fields)
    {
        try
        {
            return run();
        }
        catch (ArgumentException ex)
        {
            var field = fields.FirstOrDefault(f => f.Parameter == ex.ParamName).Field ?? defaultField;
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw GrpcErrors.InvalidArgument(field, message);
        }
    }
}
