using Suite.Predictions.Api;
using Suite.Predictions.Data;
using Suite.Predictions.Jobs;
using Suite.Predictions.Models;
using Suite.ServiceDefaults;
using Suite.ServiceDefaults.Data;
using Suite.ServiceDefaults.Messaging;

namespace Suite.Predictions;

public static class PredictionsServiceExtensions
{
    public static WebApplicationBuilder AddPredictionsServices(this WebApplicationBuilder builder)
    {
        var churnOptions = ChurnTrainingOptions.From(builder.Configuration);
        builder.AddSuiteDatabase("predictionsdb", typeof(Program).Assembly);
        builder.AddSuiteMessaging();

        builder.Services.AddSingleton(churnOptions);
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<ActiveModels>();
        builder.Services.AddSingleton<PredictionsMetrics>();
        // Registered after AddSuiteDatabase, so migrations have run when the bootstrapper starts.
        builder.Services.AddHostedService<ModelBootstrapper>();
        builder.Services.AddHealthChecks().AddCheck<ModelsReadyHealthCheck>("models", tags: [Extensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapPredictions(this WebApplication app)
    {
        app.MapGrpcService<PredictionsApi>();
        return app;
    }
}
