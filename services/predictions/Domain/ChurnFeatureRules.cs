using Suite.ServiceDefaults.Grpc;

namespace Suite.Predictions.Domain;

/// <summary>What a scorable feature vector looks like; violations are named as proto fields under <c>features.</c>.</summary>
public static class ChurnFeatureRules
{
    public const string Prefix = "features.";

    public static IReadOnlyList<FieldViolation> Validate(ChurnFeatureVector features)
    {
        var values = features.ToArray();
        var violations = new List<FieldViolation>();
        for (var i = 0; i < values.Length; i++)
        {
            var name = ChurnFeatureVector.FieldNames[i];
            var value = values[i];
            if (!double.IsFinite(value))
            {
                violations.Add(new FieldViolation(Prefix + name, "must be a finite number"));
            }
            else if (IsFraction(i) && value is < 0 or > 1)
            {
                violations.Add(new FieldViolation(Prefix + name, "must be between 0 and 1"));
            }
            else if (value < 0)
            {
                violations.Add(new FieldViolation(Prefix + name, "must not be negative"));
            }
        }
        return violations;
    }

    // email_engagement and feature_adoption are shares; the others are counts or durations.
    private static bool IsFraction(int index) => index is 4 or 6;
}
