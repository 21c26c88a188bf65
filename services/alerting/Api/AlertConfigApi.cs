using Grpc.Core;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Data;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Auth;
using Suite.ServiceDefaults.Grpc;

namespace Suite.Alerting.Api;

/// <summary>
/// Import/export and item-wise CRUD of the tenant's alerting configuration document. Every write is
/// read → edit → validate the whole document → save as the next version, with the version read as the expected one,
/// so two concurrent edits cannot silently undo each other (the second gets FAILED_PRECONDITION).
/// </summary>
public sealed class AlertConfigApi(ConfigStore store) : AlertConfig.AlertConfigBase
{
    public override async Task<ConfigSummary> ImportConfig(ImportConfigRequest request, ServerCallContext context)
    {
        var tenant = context.RequireTenant();
        var ct = context.CancellationToken;
        var (document, errors) = AlertingYaml.TryParse(request.Yaml, out var parsed, out var parseErrors)
            ? (parsed!, ConfigCheck.Validate(parsed!))
            : (null, parseErrors);
        if (errors.Count > 0)
        {
            throw AlertConfigMapping.Invalid(errors);
        }
        int? expected = request.HasExpectedVersion ? request.ExpectedVersion : null;
        if (request.DryRun)
        {
            var current = await store.VersionAsync(tenant, ct) ?? 0;
            if (expected is { } version && version != current)
            {
                throw AlertConfigMapping.Conflict(new ConfigVersionConflictException(version, current));
            }
            return AlertConfigMapping.Summary(current, document!);
        }
        return await SaveAsync(tenant, document!, expected, ct);
    }

    public override async Task<ExportConfigResponse> ExportConfig(ExportConfigRequest request, ServerCallContext context)
    {
        var stored = await store.LoadAsync(context.RequireTenant(), context.CancellationToken);
        return stored is null
            ? new ExportConfigResponse()
            : new ExportConfigResponse { Yaml = stored.Yaml, Version = stored.Version };
    }

    public override async Task<ConfigItem> GetConfigItem(GetConfigItemRequest request, ServerCallContext context)
    {
        var section = AlertConfigMapping.Section(request.Section);
        var (document, version) = await CurrentAsync(context);
        var yaml = ConfigEdit.Get(document, section, request.Name)
            ?? throw GrpcErrors.NotFound($"{request.Section} has no item '{request.Name}'");
        return new ConfigItem { Section = request.Section, Name = request.Name, Yaml = yaml, Version = version };
    }

    public override async Task<ListConfigItemsResponse> ListConfigItems(ListConfigItemsRequest request, ServerCallContext context)
    {
        var section = AlertConfigMapping.Section(request.Section);
        var (document, version) = await CurrentAsync(context);
        var response = new ListConfigItemsResponse { Version = version };
        response.Names.AddRange(ConfigEdit.List(document, section));
        return response;
    }

    public override async Task<ConfigSummary> PutConfigItem(PutConfigItemRequest request, ServerCallContext context)
    {
        var section = AlertConfigMapping.Section(request.Section);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw GrpcErrors.InvalidArgument("name", "required: the name of the item");
        }
        return await EditAsync(context, request.HasExpectedVersion ? request.ExpectedVersion : null,
            document => ConfigEdit.Put(document, section, request.Name, request.Yaml));
    }

    public override async Task<ConfigSummary> DeleteConfigItem(DeleteConfigItemRequest request, ServerCallContext context)
    {
        var section = AlertConfigMapping.Section(request.Section);
        return await EditAsync(context, request.HasExpectedVersion ? request.ExpectedVersion : null, document =>
            ConfigEdit.IndexOf(document, section, request.Name) < 0
                ? throw GrpcErrors.NotFound($"{request.Section} has no item '{request.Name}'")
                : ConfigEdit.Delete(document, section, request.Name));
    }

    public override async Task<ConfigSummary> SetRoutes(SetRoutesRequest request, ServerCallContext context) =>
        await EditAsync(context, request.HasExpectedVersion ? request.ExpectedVersion : null,
            document => ConfigEdit.SetRoutes(document, request.Yaml));

    private async Task<(AlertingDocument Document, int Version)> CurrentAsync(ServerCallContext context)
    {
        var stored = await store.LoadAsync(context.RequireTenant(), context.CancellationToken);
        return stored is null ? (new AlertingDocument(), 0) : (stored.Document, stored.Version);
    }

    private async Task<ConfigSummary> EditAsync(ServerCallContext context, int? expectedVersion, Func<AlertingDocument, ConfigEditResult> edit)
    {
        var tenant = context.RequireTenant();
        var (document, version) = await CurrentAsync(context);
        if (expectedVersion is { } expected && expected != version)
        {
            throw AlertConfigMapping.Conflict(new ConfigVersionConflictException(expected, version));
        }
        var result = edit(document);
        if (result.Document is null)
        {
            throw AlertConfigMapping.Invalid(result.Errors);
        }
        // The version read is the expected one: an edit made in between fails instead of being overwritten.
        return await SaveAsync(tenant, result.Document, version, context.CancellationToken);
    }

    private async Task<ConfigSummary> SaveAsync(string tenant, AlertingDocument document, int? expectedVersion, CancellationToken ct)
    {
        try
        {
            var saved = await store.SaveAsync(tenant, document, expectedVersion, ct);
            return AlertConfigMapping.Summary(saved.Version, document);
        }
        catch (ConfigValidationException ex)
        {
            throw AlertConfigMapping.Invalid(ex.Errors);
        }
        catch (ConfigVersionConflictException ex)
        {
            throw AlertConfigMapping.Conflict(ex);
        }
    }
}
