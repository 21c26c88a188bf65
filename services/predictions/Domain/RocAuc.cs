namespace Suite.Predictions.Domain;

/// <summary>Area under the ROC curve from scores and labels (Mann-Whitney U, ties counted half).</summary>
public static class RocAuc
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException("scores and labels differ in length");
        }
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positives = 0, negatives = 0, rankSumPositives = 0;
        var start = 0;
        while (start < order.Length)
        {
            // A run of equal scores shares the average rank.
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positives++;
                    rankSumPositives += averageRank;
                }
                else
                {
                    negatives++;
                }
            }
            start = end + 1;
        }
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("AUC needs at least one positive and one negative label");
        }
        return (rankSumPositives - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
