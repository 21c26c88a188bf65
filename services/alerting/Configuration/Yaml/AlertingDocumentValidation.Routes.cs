namespace Suite.Alerting.Configuration.Yaml;

public static partial class AlertingDocumentValidation
{
    private static void Routes(Checker check, RouteConfig? root, HashSet<string> recipients, HashSet<string> policies)
    {
        if (root is null)
        {
            check.Add("routes", "a root route is required");
            return;
        }
        // Alertmanager's root rules: it catches everything, so it needs a receiver and cannot filter or continue.
        if (string.IsNullOrWhiteSpace(root.Receiver))
        {
            check.Add("routes.receiver", "the root route needs a receiver");
        }
        if ((root.Matchers ?? []).Count > 0)
        {
            check.Add("routes.matchers", "the root route matches every alert and cannot have matchers");
        }
        if (root.Continue)
        {
            check.Add("routes.continue", "the root route cannot continue");
        }
        Route(check, root, "routes", recipients, policies);
    }

    private static void Route(Checker check, RouteConfig route, string path, HashSet<string> recipients, HashSet<string> policies)
    {
        if (route.Receiver is { } receiver && !string.IsNullOrWhiteSpace(receiver) && !recipients.Contains(receiver))
        {
            check.Add(path + ".receiver", $"unknown receiver '{receiver}' (not in recipients)");
        }
        if (route.Policy is { } policy && !policies.Contains(policy))
        {
            check.Add(path + ".policy", $"unknown policy '{policy}' (not in policies)");
        }
        GroupBy(check, path + ".group_by", route.GroupBy ?? []);
        check.ParseDuration(path + ".group_wait", route.GroupWait, required: false, allowZero: true);
        check.ParseDuration(path + ".group_interval", route.GroupInterval, required: false, allowZero: false);
        check.ParseDuration(path + ".repeat_interval", route.RepeatInterval, required: false, allowZero: false);
        if (path != "routes")
        {
            check.Matchers(path + ".matchers", route.Matchers ?? [], required: false);
        }

        var children = route.Routes ?? [];
        for (var i = 0; i < children.Count; i++)
        {
            var childPath = $"{path}.routes[{i}]";
            Route(check, children[i], childPath, recipients, policies);
            // A catch-all child that stops the search hides every later sibling: surely not what was meant.
            if (i + 1 < children.Count && (children[i].Matchers ?? []).Count == 0 && !children[i].Continue)
            {
                check.Add($"{path}.routes[{i + 1}]", $"never reached: {childPath} has no matchers and does not continue");
            }
        }
    }

    private static void GroupBy(Checker check, string path, IReadOnlyList<string> labels)
    {
        if (labels.Contains("..."))
        {
            if (labels.Count > 1)
            {
                check.Add(path, "'...' (all labels) cannot be combined with other labels");
            }
            return;
        }
        check.LabelNames(path, labels);
    }
}
