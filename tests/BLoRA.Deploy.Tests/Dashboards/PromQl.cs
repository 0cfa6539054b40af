using System.Text.RegularExpressions;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>What the tests need from a dashboard's PromQL: Grafana variables filled in, metric and label names.</summary>
internal static partial class PromQl
{
    /// <summary>Grafana's built-in interval variables, as Grafana would fill them for a one-hour view.</summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltIns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "1h",
    };

    /// <summary>
    /// Replaces <c>$name</c> / <c>${name}</c>: built-ins by their value, dashboard variables by ".*" (every
    /// variable is used in a regex matcher with All = ".*"). Throws on a variable the dashboard does not define.
    /// </summary>
    public static string Substitute(string expr, IEnumerable<string> dashboardVariables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var known = dashboardVariables.ToHashSet(StringComparer.Ordinal);
        return VariablePattern().Replace(expr, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            if (BuiltIns.TryGetValue(name, out var value))
            {
                return value;
            }

            return known.Contains(name) ? ".*" : throw new InvalidOperationException($"'{expr}' uses ${name}, which the dashboard does not define");
        });
    }

    /// <summary>Metric names selected in the expression (every selector in these dashboards has braces or a range).</summary>
    public static IReadOnlyList<string> MetricNames(string expr) =>
        SelectorPattern().Matches(expr).Select(m => m.Groups["name"].Value).Where(n => !Keywords.Contains(n)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Label names in matchers and in by/without clauses.</summary>
    public static IReadOnlyList<string> LabelNames(string expr) =>
        MatcherPattern().Matches(expr).Select(m => m.Groups["label"].Value)
            .Concat(GroupingPattern().Matches(expr).SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Splits <c>label_values(selector, label)</c> (a variable query) into its parts; null for other queries.</summary>
    public static (string Selector, string Label)? LabelValues(string query)
    {
        var m = LabelValuesPattern().Match(query);
        return m.Success ? (m.Groups["selector"].Value.Trim(), m.Groups["label"].Value.Trim()) : null;
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right", "bool" };

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::\w+)?\}|\$(?<bare>\w+)")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"(?<![\w:""])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{\[]")]
    private static partial Regex SelectorPattern();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*""")]
    private static partial Regex MatcherPattern();

    [GeneratedRegex(@"\b(by|without)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex GroupingPattern();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.*),\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValuesPattern();
}
