using MassTransit;
using Suite.Predictions.Api;
using Suite.Predictions.Features;
using Suite.Predictions.Jobs;
using Suite.Predictions.Registry;
using Suite.Predictions.Scoring;
using Suite.Predictions.Training;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Predictions;

public static class PredictionsServiceExtensions
{
    public static WebApplicationBuilder AddPredictionsServices(this WebApplicationBuilder builder)
    {
        var options = PredictionsOptions.From(builder.Configuration);
        builder.AddSuiteDatabase("predictionsdb", typeof(Program).Assembly);
        builder.AddSuiteMessaging(x => x
            .AddConsumer<FeatureStoreConsumer>(c => c.Options<BatchOptions>(o => o
                .SetMessageLimit(FeatureStoreConsumer.MessageLimit)
                .SetTimeLimit(FeatureStoreConsumer.TimeLimit)
                .SetConcurrencyLimit(1)))
            .Endpoint(e => e.PrefetchCount = 2 * FeatureStoreConsumer.MessageLimit + 10));
        builder.AddSuiteOutbox();

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<FeatureStore>();
        builder.Services.AddSingleton<IFeatureLookup>(sp => sp.GetRequiredService<FeatureStore>());
        builder.Services.AddSingleton<ITrainingData>(sp => sp.GetRequiredService<FeatureStore>());
        builder.Services.AddSingleton<LoginThreatWatch>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<ServingModels>();
        builder.Services.AddSingleton<Scorer>();
        builder.Services.AddSingleton<RiskStateStore>();
        builder.Services.AddSingleton<AtRiskAccounts>();
        builder.Services.AddSingleton<TrainingService>();
        builder.Services.AddSingleton<PredictionsMetrics>();
        // Registered after AddSuiteDatabase, so migrations have run when the registry sync starts.
        builder.Services.AddSingleton<RegistrySync>();
        builder.Services.AddHostedService<RegistrySyncService>();
        builder.Services.AddHostedService<RetrainingJob>();
        builder.Services.AddHostedService<RiskScanJob>();
        builder.Services.AddHostedService<RiskGauges>();
        builder.Services.AddHealthChecks().AddCheck<ModelsReadyHealthCheck>("models", tags: [Extensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapPredictions(this WebApplication app)
    {
        app.MapGrpcService<PredictionsApi>();
        return app;
    }
}
