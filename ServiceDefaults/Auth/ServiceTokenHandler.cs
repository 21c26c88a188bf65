using System.Net.Http.Headers;

namespace Suite.ServiceDefaults.Auth;

/// <summary>
/// Attaches the service identity's bearer token to outgoing calls. In development the token is minted with the
/// shared signing key; with an OIDC authority a client-credentials token source would replace this handler.
/// Tokens are minted with the wall clock, not the injected <see cref="TimeProvider"/>: another process checks them
/// against its own wall clock, so a service running on a test's fake clock must still send valid tokens.
/// </summary>
public sealed class ServiceTokenHandler(SuiteAuthOptions options) : DelegatingHandler
{
    private static readonly TimeProvider Clock = TimeProvider.System;
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private string? _token;
    private DateTimeOffset _renewAt;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CurrentToken());
        return base.SendAsync(request, cancellationToken);
    }

    private string CurrentToken()
    {
        var now = Clock.GetUtcNow();
        if (_token is null || now >= _renewAt)
        {
            if (string.IsNullOrWhiteSpace(options.SigningKey))
            {
                throw new InvalidOperationException("service-to-service calls need Auth:SigningKey (client credentials are not wired yet)");
            }
            _token = SuiteTokens.Create(options.SigningKey!, "suite-service", tenant: null, [SuiteRoles.Service], Lifetime,
                options.Issuer, options.Audience, now.UtcDateTime);
            _renewAt = now + Lifetime / 2;
        }
        return _token;
    }
}
