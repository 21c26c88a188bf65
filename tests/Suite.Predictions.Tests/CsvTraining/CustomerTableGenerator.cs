using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;

namespace Suite.Predictions.Tests.CsvTraining;

/// <summary>
/// A realistic customer export with a known churn model behind it: mixed categorical and numeric columns, ~10 %
/// blank monthly_spend, company names that need quoting as ids, and churned drawn from a logistic function of the
/// columns, so the best achievable (Bayes-optimal) AUC is known.
/// </summary>
public static class CustomerTableGenerator
{
    public sealed record Customer(string Id, string Plan, string Country, int Seats, double? MonthlySpend, int LastLoginDays, int Tickets, double TrueProbability, bool Churned);

    public const string Header = "account,plan,country,seats,monthly_spend,last_login_days,tickets,churned";

    private static readonly (string Name, double Share, double Effect, double PricePerSeat, int MaxSeats)[] Plans =
    [
        ("free", 0.40, 0.9, 0, 2),
        ("starter", 0.30, 0.3, 12, 10),
        ("pro", 0.20, -0.3, 29, 60),
        ("enterprise", 0.10, -1.0, 45, 400),
    ];

    private static readonly (string Name, double Share, double Effect)[] Countries =
    [
        ("US", 0.35, 0), ("GB", 0.12, 0), ("DE", 0.12, -0.3), ("FR", 0.08, 0), ("IN", 0.10, 0.4),
        ("BR", 0.08, 0.4), ("Korea, Republic of", 0.05, 0), ("Côte d'Ivoire", 0.05, 0.2), ("日本", 0.05, -0.2),
    ];

    private static readonly string[] Names = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark \"Industries\"", "Wayne, Inc.", "Müller & Söhne", "Soylent", "Vandelay"];

    public static IReadOnlyList<Customer> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var customers = new Customer[count];
        for (var i = 0; i < count; i++)
        {
            var plan = Pick(random, Plans, p => p.Share);
            var country = Pick(random, Countries, c => c.Share);
            var seats = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(plan.MaxSeats)));
            var spend = Math.Round(seats * plan.PricePerSeat * (0.8 + 0.4 * random.NextDouble()), 2);
            var lastLogin = (int)Math.Min(120, Math.Floor(Exponential.Sample(random, 1.0 / 12)));
            var tickets = Poisson.Sample(random, 1.0);
            var logit = -2.4 + plan.Effect + country.Effect
                + 0.08 * lastLogin + 0.45 * tickets - 0.004 * seats - 0.0002 * spend;
            var p = 1 / (1 + Math.Exp(-logit));
            customers[i] = new Customer(
                $"{Names[random.Next(Names.Length)]} #{i}", plan.Name, country.Name, seats,
                random.NextDouble() < 0.1 ? null : spend, lastLogin, tickets, p, random.NextDouble() < p);
        }
        return customers;
    }

    public static string ToCsv(IEnumerable<Customer> customers, string newline = "\r\n")
    {
        var csv = new StringBuilder(Header).Append(newline);
        foreach (var c in customers)
        {
            csv.AppendJoin(',',
                    Quote(c.Id), Quote(c.Plan), Quote(c.Country), c.Seats.ToString(CultureInfo.InvariantCulture),
                    c.MonthlySpend?.ToString(CultureInfo.InvariantCulture) ?? "", c.LastLoginDays.ToString(CultureInfo.InvariantCulture),
                    c.Tickets.ToString(CultureInfo.InvariantCulture), c.Churned ? "yes" : "no")
                .Append(newline);
        }
        return csv.ToString();
    }

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static T Pick<T>(Random random, T[] items, Func<T, double> share)
    {
        var u = random.NextDouble();
        foreach (var item in items)
        {
            u -= share(item);
            if (u < 0)
            {
                return item;
            }
        }
        return items[^1];
    }
}
