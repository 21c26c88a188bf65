using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Suite.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer on every endpoint (fallback policy); health, metrics and reflection opt out.</summary>
    public static IHostApplicationBuilder AddSuiteAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SuiteAuthOptions.Section).Get<SuiteAuthOptions>() ?? new SuiteAuthOptions();
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join("; ", errors));
        }
        builder.Services.AddSingleton(options);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                }
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = string.IsNullOrWhiteSpace(options.Authority) ? options.Issuer : options.Authority,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = SuiteClaims.Subject,
                    RoleClaimType = SuiteClaims.Role,
                    IssuerSigningKey = string.IsNullOrWhiteSpace(options.SigningKey) ? null : SuiteTokens.KeyFrom(options.SigningKey!),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddTransient<ServiceTokenHandler>();
        return builder;
    }
}
