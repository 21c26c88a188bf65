using System.Text;

namespace Suite.ServiceDefaults.Auth;

/// <summary>
/// Section "Auth". Development: a shared HMAC signing key. Production: an OIDC authority (any issuer);
/// exactly one of the two must be set.
/// </summary>
public sealed class SuiteAuthOptions
{
    public const string Section = "Auth";

    public string? SigningKey { get; set; }
    public string? Authority { get; set; }
    public string Issuer { get; set; } = SuiteTokens.DefaultIssuer;
    public string Audience { get; set; } = SuiteTokens.DefaultAudience;

    public IEnumerable<string> Validate()
    {
        var hasKey = !string.IsNullOrWhiteSpace(SigningKey);
        var hasAuthority = !string.IsNullOrWhiteSpace(Authority);
        if (hasKey == hasAuthority)
        {
            yield return "Auth: set exactly one of Auth:SigningKey (development) or Auth:Authority (OIDC issuer)";
        }
        if (hasKey && Encoding.UTF8.GetByteCount(SigningKey!) < 32)
        {
            yield return "Auth:SigningKey must be at least 32 bytes (HS256)";
        }
        if (hasAuthority && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return "Auth:Authority must be an absolute URL";
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Auth:Audience must not be empty";
        }
    }
}
