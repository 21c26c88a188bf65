namespace Suite.Alerting.Domain.Links;

/// <summary>The verdict on a link that came back over HTTP.</summary>
public enum LinkCheck
{
    Valid,
    /// <summary>Authentic but past its <c>exp</c>.</summary>
    Expired,
    /// <summary>Well-formed, but the signature does not match (tampered field, other key, or forged).</summary>
    BadSignature,
    /// <summary>A part is missing or not in its format (alert id, action, exp, base64url signature).</summary>
    Malformed,
}
