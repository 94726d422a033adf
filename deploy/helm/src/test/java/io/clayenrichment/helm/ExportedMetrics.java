package io.clayenrichment.helm;

import static org.awaitility.Awaitility.await;

import io.clayenrichment.local.e2e.Outcomes;
import io.clayenrichment.local.e2e.Platform;
import io.clayenrichment.sandbox.faults.FaultSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series the services really export, with their labels: the whole platform runs once on the
 * test broker, requests go down every route (Clay, cache, budget refusal, invalid, a result costing more
 * than its reservation), and the receiver's and the enrichment service's {@code /metrics} are scraped. A dashboard panel or alert that queries
 * anything else would show nothing in production.
 */
final class ExportedMetrics {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    private static Map<String, Set<String>> series;

    private static final String INTAKE_TOKEN = "metrics-intake-token";

    private ExportedMetrics() {}

    /** Every exported series name. */
    static Set<String> names() {
        return series().keySet();
    }

    /** Every exported series name, with the labels it carries. */
    static synchronized Map<String, Set<String>> series() {
        if (series == null) {
            series = scrapeRunningPlatform();
        }
        return series;
    }

    private static Map<String, Set<String>> scrapeRunningPlatform() {
        // Refresh after 30 s: long enough that the counts below are done before the first refresh
        // (it reserves credits and publishes a result), short enough to wait for its series at the end.
        // Clay charges 1.5 credits a row while a tenant's first attempt reserves CREDIT_COST_PER_ENRICHMENT (1):
        // tenant small (daily limit 1) goes 0.5 over its day, and only then does the overshoot counter exist.
        try (Platform platform = Platform.start(Map.of("CREDIT_BUDGETS", "small:1:10", "INTAKE_TOKENS", INTAKE_TOKEN,
                        "REFRESH_AFTER", "PT30S"),
                        sandbox -> sandbox.faults(FaultSettings.NONE).creditsPerRow(1.5), List.of("table-1"));
                Outcomes outcomes = new Outcomes(platform.topics)) {
            Map<String, byte[]> requests = new LinkedHashMap<>();
            requests.put("fresh", Platform.request("fresh", "acme", "ada@example.com"));
            requests.put("again", Platform.request("again", "acme", "ADA@example.com"));
            requests.put("small-1", Platform.request("small-1", "small", "grace@example.com"));
            requests.put("small-2", Platform.request("small-2", "small", "alan@example.com"));
            requests.put("invalid", Platform.request("invalid", "acme", "not-an-email"));
            platform.produce(requests);
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.poll() == requests.size());
            // and one Clay finds nothing for: a refund
            platform.sandbox.faults().notFoundRate(1.0);
            platform.produce(Map.of("unknown", Platform.request("unknown", "acme", "nobody@example.com")));
            await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.poll() == requests.size() + 1);
            // the result is out; the enrichment service settles it a moment later
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> platform.budget("acme").path("day").path("reserved").asDouble(-1) == 0);
            // the HTTP ways in and a lookup, for their own series (tenant "http": the counts above are done)
            expect(200, Platform.post(platform.enrichment.httpPort(), "/v1/enrich?wait=30",
                    "{\"request_id\":\"sync\",\"tenant\":\"http\",\"email\":\"linus@example.com\"}", INTAKE_TOKEN));
            expect(202, Platform.post(platform.receiver.port(), "/v1/requests",
                    "{\"request_id\":\"intake\",\"tenant\":\"http\",\"email\":\"ken@example.com\"}", INTAKE_TOKEN));
            expect(200, platform.read("/v1/contacts/email%3Aada%40example.com"));
            // the contacts enriched above fall due: acme's is sent again, small's (budget used up) passed over
            await().atMost(Duration.ofSeconds(90)).until(() -> Platform.get(platform.enrichment.httpPort(), "/metrics")
                    .body().contains("clay_enrichment_refreshes_total{"));
            expectSeries(platform, "clay_enrichment_credits_overshoot_total{");
            Map<String, Set<String>> found = new TreeMap<>();
            for (int port : List.of(platform.receiver.port(), platform.enrichment.httpPort())) {
                parse(Platform.get(port, "/metrics").body(), found);
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException("cannot run the platform to read its metrics", e);
        }
    }

    /** A series the scenario above must have made by now (it exists only once something happened). */
    private static void expectSeries(Platform platform, String series) throws Exception {
        if (!Platform.get(platform.enrichment.httpPort(), "/metrics").body().contains(series)) {
            throw new IllegalStateException("the scenario did not make " + series + "...}");
        }
    }

    private static void expect(int status, java.net.http.HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
    }

    private static void parse(String exposition, Map<String, Set<String>> into) {
        for (String line : exposition.lines().toList()) {
            Matcher series = SERIES.matcher(line);
            if (line.startsWith("#") || !series.find()) {
                continue;
            }
            Set<String> labels = into.computeIfAbsent(series.group(1), name -> new HashSet<>());
            if (series.group(3) != null) {
                Matcher label = LABEL.matcher(series.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }
}
