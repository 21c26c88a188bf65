using Suite.Ingestion;
using Suite.ServiceDefaults;

SocketTuning.PreferInlineCompletions();
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestionServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestion();
app.Run();

public partial class Program;
