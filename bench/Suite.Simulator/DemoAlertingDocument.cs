namespace Suite.Simulator;

/// <summary>
/// The demo tenants' alerting configuration: services/alerting/examples/demo.yaml (embedded; validated by the
/// alerting tests) with its example addresses replaced by the demo mailbox's.
/// </summary>
public static class DemoAlertingDocument
{
    public static string For(string opsEmail)
    {
        using var stream = typeof(DemoAlertingDocument).Assembly.GetManifestResourceStream("Suite.Simulator.demo-alerting.yaml")
            ?? throw new InvalidOperationException("the demo alerting document is not embedded");
        using var reader = new StreamReader(stream);
        var at = opsEmail.IndexOf('@', StringComparison.Ordinal);
        var security = at > 0 ? "security" + opsEmail[at..] : "security@suite.local";
        return reader.ReadToEnd().Replace("ops@suite.local", opsEmail, StringComparison.Ordinal)
            .Replace("security@suite.local", security, StringComparison.Ordinal);
    }
}
