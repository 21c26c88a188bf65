using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Suite.ServiceDefaults.Auth;

/// <summary>Mints HS256 tokens with the development signing key (AppHost, tests, simulator, service identity).</summary>
public static class SuiteTokens
{
    public const string DefaultIssuer = "suite-dev";
    public const string DefaultAudience = "suite";

    public static SymmetricSecurityKey KeyFrom(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public static string Create(
        string signingKey,
        string subject,
        string? tenant,
        IEnumerable<string> roles,
        TimeSpan lifetime,
        string issuer = DefaultIssuer,
        string audience = DefaultAudience,
        DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new List<Claim> { new(SuiteClaims.Subject, subject) };
        if (!string.IsNullOrEmpty(tenant))
        {
            claims.Add(new Claim(SuiteClaims.Tenant, tenant));
        }
        claims.AddRange(roles.Select(r => new Claim(SuiteClaims.Role, r)));

        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt.AddSeconds(-5),
            Expires = issuedAt.Add(lifetime),
            SigningCredentials = new SigningCredentials(KeyFrom(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
