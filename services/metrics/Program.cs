using Suite.Metrics;
using Suite.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMetricsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMetrics();
app.Run();

public partial class Program;
