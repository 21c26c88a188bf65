using Suite.Predictions;
using Suite.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPredictionsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPredictions();
app.Run();

public partial class Program;
