package io.clayenrichment.helm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and labels a PromQL expression relies on, checked against what the services
 * export: a dashboard panel or an alert on a metric nobody exports stays silent forever.
 */
final class PromQuery {

    private static final Pattern METRIC = Pattern.compile("\\b(clay_enrichment_[a-z0-9_]+)\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    private static final Pattern SELECTOR_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");

    private PromQuery() {}

    static Set<String> metrics(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static Set<String> labels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            Matcher label = SELECTOR_LABEL.matcher(selector.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    /** What is wrong with the expression against the exported metrics; empty when nothing is. */
    static List<String> problems(String expr, Map<String, Set<String>> exported) {
        List<String> problems = new ArrayList<>();
        Set<String> metrics = metrics(expr);
        Set<String> available = new LinkedHashSet<>();
        for (String metric : metrics) {
            if (exported.containsKey(metric)) {
                available.addAll(exported.get(metric));
            } else {
                problems.add("unknown metric " + metric);
            }
        }
        for (String label : labels(expr)) {
            if (!available.contains(label)) {
                problems.add("label " + label + " is not carried by " + metrics);
            }
        }
        return problems;
    }
}
