using Grpc.Core;
using Suite.Contracts.Predictions.V1;
using Suite.Testing;
using PredictionsClient = Suite.Contracts.Predictions.V1.Predictions.PredictionsClient;

namespace Suite.Predictions.Tests;

/// <summary>A freshly started service trains its global models first and answers UNAVAILABLE until they are loaded.</summary>
internal static class GlobalModels
{
    public static Task WaitUntilLoadedAsync(PredictionsClient client, Metadata auth) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                await client.GetActiveModelAsync(new GetActiveModelRequest { Kind = "threat" }, auth);
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                return false;
            }
        }, "the global models to be trained and loaded", timeoutSeconds: 180);
}
