using Suite.Alerting;
using Suite.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAlertingServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAlerting();
app.Run();

public partial class Program;
