package io.clayenrichment.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.topics.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a batch of requests and shows, live, where they go: to Clay, back from Clay, from the
 * cache, to the dead-letter topic; then a summary with what each tenant's budget has left.
 */
final class DemoRun {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final LocalStackSettings settings;
    private final PrintStream out;
    private final boolean interactive = System.console() != null;

    DemoRun(LocalStackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    void run(List<byte[]> requests, String what) throws Exception {
        Topics topics = Topics.defaults();
        try (FlowMonitor monitor = new FlowMonitor(settings.bootstrapServers(), topics).start()) {
            produce(topics, requests);
            out.printf("%nproduced %d requests (%s) to %s%n", requests.size(), what, topics.requests().name());
            FlowCounts counts = follow(monitor, requests.size());
            if (interactive) {
                out.println();
            }
            printSummary(counts, requests.size());
        }
    }

    private void produce(Topics topics, List<byte[]> requests) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] request : requests) {
                producer.send(new ProducerRecord<>(topics.requests().name(), request));
            }
        }
    }

    /** Prints progress until every request has an outcome, or the patience runs out. */
    private FlowCounts follow(FlowMonitor monitor, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long lastPrinted = 0;
        FlowCounts counts = monitor.snapshot();
        while (System.nanoTime() < deadline) {
            counts = monitor.snapshot();
            if (interactive) {
                out.print("\r" + counts.line() + "   ");
                out.flush();
            } else if (System.nanoTime() - lastPrinted > Duration.ofSeconds(3).toNanos()) {
                out.println(counts.line());
                lastPrinted = System.nanoTime();
            }
            if (counts.outcomes() >= expected) {
                return counts;
            }
            Thread.sleep(500);
        }
        out.printf("%nnot every request has an outcome after %s; the rest keep flowing "
                + "(results that Clay has not sent back yet, or rows waiting for Clay)%n", PATIENCE);
        return monitor.snapshot();
    }

    private void printSummary(FlowCounts counts, int produced) {
        out.println();
        out.println("summary");
        out.printf("  requests produced      %d%n", produced);
        out.printf("  sent to Clay           %d%n", counts.sentToClay);
        out.printf("  enriched by Clay       %d (of which not found: %d)%n", counts.enriched + counts.notFound,
                counts.notFound);
        out.printf("  answered from cache    %d (no credit spent)%n", counts.servedFromCache);
        out.printf("  dead letters           %d %s%n", counts.deadLetters(), counts.deadLettersByReason);
        counts.creditsByTenant.forEach((tenant, credits) ->
                out.printf("  credits spent          %s: %s%n", tenant, credits));
        printBudgets();
    }

    private void printBudgets() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(settings.url(settings.enrichmentPort()) + "/v1/budgets"))
                    // reads of tenant data need a token; the local stack's operator token reads every tenant
                    .header("Authorization", "Bearer " + settings.operatorToken())
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode budgets = Json.mapper().readTree(response.body()).path("budgets");
            for (JsonNode budget : budgets) {
                out.printf("  budget                 %s: %s, today %s of %s credits committed%n",
                        budget.path("tenant").asText(), budget.path("state").asText(),
                        committed(budget.path("day")), budget.path("day").path("limit").asText());
            }
        } catch (Exception e) {
            out.println("  (budgets not available: " + e.getMessage() + ")");
        }
    }

    private static String committed(JsonNode period) {
        double committed = period.path("spent").asDouble() + period.path("reserved").asDouble();
        return committed % 1 == 0 ? Long.toString((long) committed) : Double.toString(committed);
    }
}
