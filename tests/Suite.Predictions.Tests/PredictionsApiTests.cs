using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Suite.Contracts.Predictions.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Predictions.Tests;

/// <summary>
/// The registry lifecycle, scoring of all three kinds, explanations, forecasts and CSV training over gRPC, against
/// real PostgreSQL and RabbitMQ. One service for the class (start-up trains the global models); tests use their own tenants.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class PredictionsApiTests(InfraFixture infra) : IAsyncLifetime
{
    private PredictionsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await PredictionsTestHost.StartAsync(infra, new Dictionary<string, string?> { ["Predictions:TrainingRows"] = "10000" }, waitForBus: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_published_conversion_baseline_scores_the_worked_example_exactly()
    {
        var score = await _host.Client.ScoreConversionAsync(new ScoreConversionRequest
        {
            QuoteId = "q-1",
            Features = new ConversionFeatures { QuoteValue = 5000, PreviousOrders = 10, PortalSubmission = true, LineItems = 3, RecencyDays = 30 },
        }, _host.Auth("acme"));

        Assert.Equal(-1.95, score.Logit, 12);
        Assert.Equal(1 / (1 + Math.Exp(1.95)), score.Probability, 12);
        Assert.Equal(0.1246, score.Probability, 4);
        Assert.Equal("conversion-v1", score.ModelVersion);
        Assert.Equal(-1.0, score.Contributions.Single(c => c.Feature == "quote_value").Contribution, 12);
        var model = await _host.Client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "conversion" }, _host.Auth("acme"));
        Assert.Equal(("baseline", "published", true), (model.Trainer, model.Source, model.Global));
    }

    [Fact]
    public async Task Churn_scores_come_with_reasons_interventions_and_a_churn_date()
    {
        var score = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest
        {
            AccountId = "acct-risky",
            Features = new ChurnFeatures { DaysSinceLastLogin = 60, OpenTickets = 5, EmailEngagement = 0.05, TenureDays = 30, FeatureAdoption = 0 },
        }, _host.Auth("acme"));

        Assert.Equal(RiskLevel.Critical, score.RiskLevel);
        Assert.Equal(3, score.TopFeatures.Count);
        Assert.All(score.TopFeatures, f => Assert.True(f.Contribution > 0, $"{f.Feature} should raise the risk"));
        Assert.Equal(["re_engagement_email", "personal_call", "onboarding_session", "support_escalation"], score.Interventions.Select(i => i.Code).ToArray());
        var date = DateOnly.ParseExact(score.PredictedChurnDate, "yyyy-MM-dd");
        Assert.InRange(date.DayNumber - DateOnly.FromDateTime(DateTime.UtcNow).DayNumber, 0, 45);

        var explanation = await _host.Client.ExplainPredictionAsync(new ExplainPredictionRequest { Churn = new ScoreChurnRequest { AccountId = "acct-risky", Features = score.Features }, Top = 7 }, _host.Auth("acme"));
        Assert.Equal(7, explanation.Contributions.Count);
        Assert.Equal(score.TopFeatures.Select(f => f.Feature), explanation.Contributions.Take(3).Select(c => c.Feature));
    }

    [Fact]
    public async Task A_risky_login_is_locked_and_announced_as_ThreatDetected()
    {
        var tenant = "threat-" + Guid.NewGuid().ToString("N")[..8];
        using var http = _host.Factory.CreateClient();
        var before = await http.GetStringAsync("/metrics");
        var calm = await _host.Client.ScoreThreatAsync(new ScoreThreatRequest { UserId = "u-1", Factors = new ThreatFactors() }, _host.Auth(tenant));
        Assert.Equal((ThreatAction.Allow, ThreatLevel.Low, 0.0), (calm.Action, calm.Level, calm.RiskScore));

        var risky = await _host.Client.ScoreThreatAsync(new ScoreThreatRequest
        {
            UserId = "u-2",
            Factors = new ThreatFactors { NewIp = true, NewCountry = true, FailedThenSuccess = true, RapidSessions = true, LargeExport = true, OutsideBusinessHours = true, FailedAttempts1H = 6 },
        }, _host.Auth(tenant));
        Assert.Equal((105.0, ThreatLevel.Critical, ThreatAction.LockAccount), (risky.RiskScore, risky.Level, risky.Action));

        // Only the risky one goes out (outbox row; the relay publishes it).
        var announced = await _host.ScalarAsync<long>($"select count(*) from outbox_messages where message_type like '%ThreatDetected' and payload->>'tenant' = '{tenant}'");
        Assert.Equal(1, announced);
        Assert.Equal("u-2", await _host.ScalarAsync<string>($"select payload->>'userId' from outbox_messages where payload->>'tenant' = '{tenant}'"));

        // suite_predictions_threats_total{action}: one more allow, one more lock, nothing else (every action reported).
        // (the exporter caches a scrape for 300 ms)
        var after = await Eventually.Get(async () => await http.GetStringAsync("/metrics"), t => t != before, TimeSpan.FromSeconds(10), "a fresh scrape");
        double Delta(string action) => PrometheusScrape.Value(after, "suite_predictions_threats_total", $"action=\"{action}\"")!.Value
            - PrometheusScrape.Value(before, "suite_predictions_threats_total", $"action=\"{action}\"")!.Value;
        Assert.Equal([1.0, 0, 0, 1], new[] { "allow", "require_mfa", "require_password_reset", "lock_account" }.Select(Delta).ToArray());
    }

    [Fact]
    public async Task Candidates_serve_only_once_promoted_and_rollback_restores_the_previous_version()
    {
        var tenant = "reg-" + Guid.NewGuid().ToString("N")[..8];
        var request = new ChurnFeatures { DaysSinceLastLogin = 10, Logins30D = 5, Sessions7D = 2, OpenTickets = 1, EmailEngagement = 0.4, TenureDays = 200, FeatureAdoption = 0.3 };
        var global = await _host.Client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, _host.Auth(tenant));

        var v1 = await _host.Client.TrainModelAsync(new TrainModelRequest { Kind = "churn", Generated = new GeneratedSource { Rows = 5000, Seed = 7 }, Trainer = "lbfgs" }, _host.Auth(tenant));
        Assert.Equal(("churn-v1", "candidate", false, 4000L, 1000L), (v1.Version, v1.Status, v1.Global, v1.Rows, v1.HoldoutRows));
        Assert.InRange(v1.Metrics.Auc, 0.8, 0.97);
        Assert.True(v1.Metrics.PrAuc > 0 && v1.Metrics.LogLoss > 0 && v1.Metrics.Brier > 0);
        Assert.Equal(global.Version, (await ScoreAsync()).ModelVersion);   // a candidate does not serve

        var promoted = await _host.Client.PromoteModelAsync(new PromoteModelRequest { Kind = "churn", Version = "churn-v1" }, _host.Auth(tenant));
        Assert.Equal("active", promoted.Status);
        Assert.Equal("churn-v1", (await ScoreAsync()).ModelVersion);
        Assert.Equal(global.Version, (await _host.Client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, _host.Auth("acme"))).Version);   // other tenants keep the global

        var v2 = await _host.Client.TrainModelAsync(new TrainModelRequest { Kind = "churn", Generated = new GeneratedSource { Rows = 5000, Seed = 8 }, Trainer = "fasttree" }, _host.Auth(tenant));
        await _host.Client.PromoteModelAsync(new PromoteModelRequest { Kind = "churn", Version = v2.Version }, _host.Auth(tenant));
        Assert.Equal("churn-v2", (await ScoreAsync()).ModelVersion);

        var back = await _host.Client.RollbackModelAsync(new RollbackModelRequest { Kind = "churn" }, _host.Auth(tenant));
        Assert.Equal("churn-v1", back.Version);
        Assert.Equal("churn-v1", (await ScoreAsync()).ModelVersion);

        var listed = await _host.Client.ListModelsAsync(new ListModelsRequest { Kind = "churn" }, _host.Auth(tenant));
        Assert.Equal(["churn-v2:retired", "churn-v1:active", global.Version + ":active"], listed.Models.Select(m => $"{m.Version}:{m.Status}").ToArray());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _host.Client.PromoteModelAsync(new PromoteModelRequest { Kind = "churn", Version = "churn-v9" }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        async Task<ChurnScore> ScoreAsync() => await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "a-1", Features = request }, _host.Auth(tenant));
    }

    [Fact]
    public async Task Promotion_swaps_the_serving_model_without_failing_calls_in_flight()
    {
        var tenant = "swap-" + Guid.NewGuid().ToString("N")[..8];
        var candidate = await _host.Client.TrainModelAsync(new TrainModelRequest { Kind = "threat", Generated = new GeneratedSource { Rows = 5000, Seed = 3 }, Trainer = "lbfgs" }, _host.Auth(tenant));
        using var stop = new CancellationTokenSource();
        var versions = new List<string>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var score = await _host.Client.ScoreThreatAsync(new ScoreThreatRequest { UserId = "u", Factors = new ThreatFactors { NewIp = true } }, _host.Auth(tenant));
                lock (versions)
                {
                    versions.Add(score.ModelVersion);
                }
            }
        });
        await Task.Delay(300);
        await _host.Client.PromoteModelAsync(new PromoteModelRequest { Kind = "threat", Version = candidate.Version }, _host.Auth(tenant));
        await Task.Delay(300);
        await stop.CancelAsync();
        await load;   // throws if any call failed

        Assert.Contains("threat-v1", versions);   // the global model (first in this database)
        Assert.Equal(candidate.Version, versions[^1]);
        Assert.True(versions.SkipWhile(v => v != candidate.Version).All(v => v == candidate.Version), "once promoted, every later call uses the new version");
    }

    [Fact]
    public async Task Promote_if_better_keeps_a_weaker_candidate_as_a_candidate()
    {
        var tenant = "better-" + Guid.NewGuid().ToString("N")[..8];
        // 1000 generated rows (800 to train) against the global model trained on 8000: not better on the same holdout.
        var weak = await _host.Client.TrainModelAsync(new TrainModelRequest
        {
            Kind = "churn", Generated = new GeneratedSource { Rows = 1000, Seed = 11 }, Trainer = "fasttree", PromoteIfBetter = true,
        }, _host.Auth(tenant));
        Assert.Equal("candidate", weak.Status);
        Assert.False(weak.Global);
        // Versions count per tenant: the tenant's first candidate is churn-v1 like the global model, which still serves.
        var active = await _host.Client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "churn" }, _host.Auth(tenant));
        Assert.True(active.Global, $"the tenant is served by {active.Version} (global: {active.Global})");
    }

    [Fact]
    public async Task Batch_streams_answer_each_message_in_order_and_name_the_first_bad_item()
    {
        var tenant = "batch-" + Guid.NewGuid().ToString("N")[..8];
        using (var call = _host.Client.ScoreChurnBatch(_host.Auth(tenant)))
        {
            for (var message = 0; message < 2; message++)
            {
                var request = new ScoreChurnBatchRequest();
                // 200 rows (the parallel path) whose idleness grows with the index: probabilities must follow it.
                request.Items.AddRange(Enumerable.Range(0, 200).Select(i => new ScoreChurnRequest
                {
                    AccountId = $"m{message}-a{i}",
                    Features = new ChurnFeatures { DaysSinceLastLogin = i * 0.5, Logins30D = 10, Sessions7D = 3, EmailEngagement = 0.5, TenureDays = 400, FeatureAdoption = 0.5 },
                }));
                await call.RequestStream.WriteAsync(request);
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                var scores = call.ResponseStream.Current.Scores;
                Assert.Equal(request.Items.Select(i => i.AccountId), scores.Select(s => s.AccountId));
                Assert.True(scores[199].Probability > scores[0].Probability, "idle accounts score higher");
                Assert.Empty(scores[0].TopFeatures);   // batch scores leave out the explanation
            }
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        using var bad = _host.Client.ScoreChurnBatch(_host.Auth(tenant));
        var broken = new ScoreChurnBatchRequest();
        broken.Items.AddRange(Enumerable.Range(0, 100).Select(i => new ScoreChurnRequest
        {
            AccountId = i == 40 ? "" : $"a{i}",
            Features = new ChurnFeatures { EmailEngagement = i == 70 ? 2 : 0.5 },
        }));
        await bad.RequestStream.WriteAsync(broken);
        var error = await Assert.ThrowsAsync<RpcException>(() => bad.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("items[40].account_id", Assert.Single(GrpcErrors.FieldViolations(error)).Field);
    }

    [Fact]
    public async Task Forecasts_match_closed_form_values()
    {
        var series = new ForecastSeriesRequest { Horizon = 3, SeasonPeriod = -1 };
        series.Values.AddRange(Enumerable.Range(0, 30).Select(t => 3 + 2.0 * t));
        var forecast = await _host.Client.ForecastSeriesAsync(series, _host.Auth("acme"));
        Assert.Equal([63.0, 65.0, 67.0], forecast.Points.Select(p => Math.Round(p.Value, 9)).ToArray());
        Assert.Equal(2, forecast.Slope, 9);

        var adoption = new ForecastAdoptionRequest { Parameters = new LogisticParameters { L = 1000, K = 0.3, T0 = 20 } };
        adoption.At.AddRange([20, 30]);
        var values = (await _host.Client.ForecastAdoptionAsync(adoption, _host.Auth("acme"))).Values;
        Assert.Equal(500, values[0].Value, 9);
        Assert.Equal(1000 / (1 + Math.Exp(-3)), values[1].Value, 9);

        var bad = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ForecastSeriesAsync(new ForecastSeriesRequest { Horizon = 0, Values = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 } }, _host.Auth("acme")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("horizon", Assert.Single(bad.FieldViolations()).Field);
    }

    [Fact]
    public async Task A_csv_upload_in_chunks_trains_a_tenant_candidate_that_scores_rows_by_column_once_promoted()
    {
        var tenant = "csv-" + Guid.NewGuid().ToString("N")[..8];
        var csv = Encoding.UTF8.GetBytes(CustomerCsv(3000));
        using var call = _host.Client.TrainModelFromCsv(_host.Auth(tenant));
        var first = true;
        foreach (var piece in csv.Chunk(7_777))   // chunk boundaries split rows
        {
            var chunk = new CsvTrainingChunk { Data = ByteString.CopyFrom(piece) };
            if (first)
            {
                (chunk.Kind, chunk.LabelColumn, chunk.IdColumn) = ("churn", "churned", "customer");
                first = false;
            }
            await call.RequestStream.WriteAsync(chunk);
        }
        await call.RequestStream.CompleteAsync();
        var model = await call;
        Assert.Equal(("csv", "candidate", 3000L), (model.Source, model.Status, model.Rows + model.HoldoutRows));
        Assert.InRange(model.Metrics.Auc, 0.75, 1.0);

        await _host.Client.PromoteModelAsync(new PromoteModelRequest { Kind = "churn", Version = model.Version }, _host.Auth(tenant));
        var risky = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "c-1", Columns = { ["plan"] = "basic", ["seats"] = "1", ["last_login_days"] = "80" } }, _host.Auth(tenant));
        var loyal = await _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "c-2", Columns = { ["plan"] = "enterprise", ["seats"] = "50", ["last_login_days"] = "1" } }, _host.Auth(tenant));
        Assert.Equal(model.Version, risky.ModelVersion);
        Assert.True(risky.Probability > loyal.Probability + 0.3, $"risky {risky.Probability:F3} vs loyal {loyal.Probability:F3}");
        var features = await Assert.ThrowsAsync<RpcException>(() => _host.Client.ScoreChurnAsync(new ScoreChurnRequest { AccountId = "c-3", Features = new ChurnFeatures() }, _host.Auth(tenant)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, features.StatusCode);

        using var broken = _host.Client.TrainModelFromCsv(_host.Auth(tenant));
        await broken.RequestStream.WriteAsync(new CsvTrainingChunk { Kind = "churn", LabelColumn = "churned", Data = ByteString.CopyFromUtf8("plan,churned\nbasic,maybe\n") });
        await broken.RequestStream.CompleteAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => broken.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("line 2", Assert.Single(ex.FieldViolations()).Description);
    }

    /// <summary>Customers whose churn follows plan, seats and idle days, with blanks in seats.</summary>
    private static string CustomerCsv(int rows)
    {
        var random = new Random(5);
        var text = new StringBuilder("customer,plan,seats,last_login_days,churned\n");
        string[] plans = ["basic", "pro", "enterprise"];
        for (var i = 0; i < rows; i++)
        {
            var plan = random.Next(3);
            var seats = 1 + random.Next(60);
            var idle = random.Next(90);
            var logit = -1.0 + 0.05 * idle - 0.04 * seats - 0.8 * plan;
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            text.Append($"c-{i},{plans[plan]},{(random.NextDouble() < 0.1 ? "" : seats.ToString())},{idle},{(churned ? "yes" : "no")}\n");
        }
        return text.ToString();
    }
}
