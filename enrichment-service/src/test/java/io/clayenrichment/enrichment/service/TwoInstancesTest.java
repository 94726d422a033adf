package io.clayenrichment.enrichment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.enrichment.EnrichmentService;
import io.clayenrichment.enrichment.EnrichmentSettings;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real instances of one application on a real broker: each holds about half the contact keys and
 * tenants, and both answer GET /v1/contacts/{contact_key} and GET /v1/budgets[/{tenant}] for every
 * key and tenant, forwarding to the owner over real HTTP with the caller's token and scope.
 */
class TwoInstancesTest {

    private static final Instant AT = Instant.parse("2026-11-27T18:00:00Z");
    private static final String OPERATOR = "two-instances-operator-token";
    /** Reads the even tenants only. */
    private static final String EVEN = "two-instances-even-tenants";
    private static final List<String> EVEN_TENANTS = List.of("tenant-0", "tenant-2", "tenant-4", "tenant-6");

    private final List<EnrichmentService> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(EnrichmentService::close);
    }

    /** Two instances of one application (4 partitions), each with its own state folder; returns the first's env. */
    private Map<String, String> startTwo(String name, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(ServiceEnv.fresh(name));
        env.put("TOPIC_PARTITIONS", "4");
        env.put("ADVERTISED_HOST", "127.0.0.1");
        env.put("OPERATOR_TOKEN", OPERATOR);
        env.put("READ_TOKENS", EVEN + ":" + String.join("|", EVEN_TENANTS));
        env.putAll(settings);
        Map<String, String> second = new HashMap<>(env);
        second.put("STATE_DIR", java.nio.file.Files.createTempDirectory(name + "-b-").toString());
        services.add(EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(env))));
        services.add(EnrichmentService.start(EnrichmentSettings.fromEnv(new Env(second))));
        return env;
    }

    private static String path(String key) {
        return "/v1/contacts/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** 40 results of tenant-0 and tenant-1, every kind of contact key, on the results topic. */
    private static Map<String, EnrichmentResult> produceResults(Map<String, String> env) throws Exception {
        Map<String, EnrichmentResult> expected = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String key = switch (i % 3) {
                case 0 -> "email:person" + i + "@example.com";
                case 1 -> "linkedin:linkedin.com/in/person-" + i;
                default -> "name:example.com/first" + i + ".last";
            };
            expected.put(key, new EnrichmentResult("corr-" + i, "req-" + i, key, "tenant-" + (i % 2),
                    ResultStatus.SUCCESS, ResultSource.CLAY, Map.of("title", "Title " + i), 1.0, AT.plusSeconds(i),
                    null));
        }
        Map<String, EnrichmentResult> published = new HashMap<>();
        Produce.enrichedThroughAttempts(env, List.copyOf(expected.values()))
                .forEach(result -> published.put(result.contactKey(), result));
        return published;
    }

    /** tenant-i sends i + 1 requests; no dispatcher runs, so each stays reserved. */
    private static Map<String, Integer> produceRequests(Map<String, String> env) throws Exception {
        Map<String, Integer> expected = new HashMap<>();
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.put("tenant-" + i, i + 1);
            for (int n = 0; n <= i; n++) {
                requests.add(Json.write(Map.of("tenant", "tenant-" + i, "email", "p" + n + "@t" + i + ".example")));
            }
        }
        Produce.requests(env.get("TOPIC_REQUESTS"), requests);
        return expected;
    }

    /** Whether {@code service} holds {@code key} itself: a request marked forwarded is answered only by the owner. */
    private static boolean holds(EnrichmentService service, String key) {
        return Http.get(service.httpPort(), path(key), Map.of("Authorization", "Bearer " + OPERATOR,
                "X-Clay-Forwarded-By", "test")).statusCode() != 503;
    }

    @Test
    void bothInstancesAnswerEveryKeyFromWhicheverHoldsIt() throws Exception {
        Map<String, EnrichmentResult> expected = produceResults(startTwo("contact-lookup", Map.of()));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (EnrichmentService service : services) {
                for (EnrichmentResult result : expected.values()) {
                    HttpResponse<String> response = Http.get(service.httpPort(), path(result.contactKey()), OPERATOR);
                    assertThat(response.statusCode()).as(result.contactKey() + ": " + response.body()).isEqualTo(200);
                    assertThat(Json.read(response.body().getBytes(StandardCharsets.UTF_8), EnrichmentResult.class))
                            .isEqualTo(result);
                }
            }
        });

        for (EnrichmentService service : services) {
            int port = service.httpPort();
            HttpResponse<String> unknown = Http.get(port, path("email:nobody@example.com"), OPERATOR);
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(Http.json(unknown).path("error").asText()).isEqualTo("not_found");
            HttpResponse<String> malformed = Http.get(port, path("phone:+44 20 7946 0000"), OPERATOR);
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(Http.json(malformed).path("error").asText()).isEqualTo("invalid_contact_key");
            // Callers need not normalise: the key is brought to its stored form, and slashes may be left as they are.
            assertThat(Http.get(port, path("email:Person0@Example.COM"), OPERATOR).statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/v1/contacts/linkedin:linkedin.com/in/person-1", OPERATOR).statusCode())
                    .isEqualTo(200);
            // Each instance answered some keys itself and forwarded the others to their owner.
            String metrics = Http.get(port, "/metrics").body();
            assertThat(metrics).contains("clay_enrichment_contact_lookups_total{outcome=\"forwarded\"}")
                    .contains("clay_enrichment_contact_lookups_total{outcome=\"found\"}");
        }
    }

    @Test
    void bothInstancesShowEveryTenantsSpendFromWhicheverHoldsIt() throws Exception {
        Map<String, Integer> expected = produceRequests(startTwo("budget-reads", Map.of("CREDIT_BUDGETS",
                "configured:5:50")));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (EnrichmentService service : services) {
                for (var tenant : expected.entrySet()) {
                    HttpResponse<String> budget = Http.get(service.httpPort(), "/v1/budgets/" + tenant.getKey(), OPERATOR);
                    assertThat(budget.statusCode()).as(budget.body()).isEqualTo(200);
                    assertThat(Http.json(budget).path("day").path("reserved").asInt()).as(tenant.getKey() + " on "
                            + service.httpPort()).isEqualTo(tenant.getValue());
                    // the owner's forecast: its reserved rows are what is needed (nothing waits, refresh is off)
                    assertThat(Http.json(budget).path("forecast").path("day").path("needed").asInt(-1))
                            .as("forecast of %s on %d: %s", tenant.getKey(), service.httpPort(), budget.body())
                            .isEqualTo(tenant.getValue());
                }
                JsonNode all = Http.json(Http.get(service.httpPort(), "/v1/budgets", OPERATOR)).path("budgets");
                Map<String, Integer> listed = new HashMap<>();
                Map<String, Integer> needed = new HashMap<>();
                all.forEach(budget -> listed.put(budget.path("tenant").asText(),
                        budget.path("day").path("reserved").asInt()));
                all.forEach(budget -> needed.put(budget.path("tenant").asText(),
                        budget.path("forecast").path("month").path("needed").asInt(-1)));
                Map<String, Integer> everyone = new HashMap<>(expected);
                everyone.put("configured", 0);
                assertThat(listed).as("GET /v1/budgets on " + service.httpPort()).isEqualTo(everyone);
                assertThat(needed).as("forecasts of GET /v1/budgets on " + service.httpPort()).isEqualTo(everyone);
            }
        });
        // a change answered by either instance shows the tenant's spend, wherever the spend is held
        for (EnrichmentService service : services) {
            for (var tenant : expected.entrySet()) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HttpResponse<String> changed = Http.put(service.httpPort(), "/v1/budgets/" + tenant.getKey(),
                            "{\"monthly\":100000}", OPERATOR);
                    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
                    assertThat(Http.json(changed).path("day").path("reserved").asInt()).as("PUT of %s answered by %d",
                            tenant.getKey(), service.httpPort()).isEqualTo(tenant.getValue());
                });
            }
        }
        // each instance holds some of the tenants, so each answer above needed the other instance
        List<java.util.Set<String>> own = new ArrayList<>();
        for (EnrichmentService service : services) {
            java.util.Set<String> tenants = new java.util.HashSet<>();
            Http.json(Http.get(service.httpPort(), "/v1/budgets", Map.of("X-Clay-Forwarded-By", "test",
                    "Authorization", "Bearer " + OPERATOR))).path("budgets")
                    .forEach(budget -> tenants.add(budget.path("tenant").asText()));
            own.add(tenants);
        }
        assertThat(own.get(0)).isNotEmpty().doesNotContainAnyElementsOf(own.get(1));
        assertThat(own.get(1)).isNotEmpty();
        assertThat(own.get(0).size() + own.get(1).size()).isEqualTo(expected.size());
    }

    @Test
    void aForwardedReadKeepsTheCallersScopeAndTheForwardedMarkGrantsNothing() throws Exception {
        Map<String, String> env = startTwo("scoped-forwarding", Map.of());
        Map<String, EnrichmentResult> results = produceResults(env);
        Map<String, Integer> reserved = produceRequests(env);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (EnrichmentService service : services) {
                for (String key : results.keySet()) {
                    assertThat(Http.get(service.httpPort(), path(key), OPERATOR).statusCode()).as(key).isEqualTo(200);
                }
                for (var tenant : reserved.entrySet()) {
                    assertThat(Http.json(Http.get(service.httpPort(), "/v1/budgets/" + tenant.getKey(), OPERATOR))
                            .path("day").path("reserved").asInt()).isEqualTo(tenant.getValue());
                }
            }
        });

        for (int i = 0; i < 2; i++) {
            EnrichmentService asked = services.get(i);
            EnrichmentService other = services.get(1 - i);
            int port = asked.httpPort();
            // a key of each tenant that only the other instance holds: this instance must forward the read
            EnrichmentResult visible = heldBy(other, results, "tenant-0");
            EnrichmentResult hidden = heldBy(other, results, "tenant-1");
            HttpResponse<String> forwardedOwn = Http.get(port, path(visible.contactKey()), EVEN);
            assertThat(forwardedOwn.statusCode()).as(forwardedOwn.body()).isEqualTo(200);
            assertThat(Json.read(forwardedOwn.body().getBytes(StandardCharsets.UTF_8), EnrichmentResult.class))
                    .isEqualTo(visible);
            HttpResponse<String> forwardedOther = Http.get(port, path(hidden.contactKey()), EVEN);
            assertThat(forwardedOther.statusCode()).as(forwardedOther.body()).isEqualTo(404);
            assertThat(Http.json(forwardedOther).path("error").asText()).isEqualTo("not_found");
            assertThat(forwardedOther.body()).doesNotContain("tenant-1").doesNotContain("Title");

            // the mark of a forwarded request is no way around the token, nor around the scope
            for (String path : List.of(path(visible.contactKey()), "/v1/budgets", "/v1/budgets/tenant-0")) {
                HttpResponse<String> marked = Http.get(other.httpPort(), path, Map.of("X-Clay-Forwarded-By",
                        "127.0.0.1:" + port));
                assertThat(marked.statusCode()).as(path).isEqualTo(401);
                assertThat(Http.json(marked).path("error").asText()).isEqualTo("unauthorized");
            }
            HttpResponse<String> markedOther = Http.get(other.httpPort(), path(hidden.contactKey()), Map.of(
                    "X-Clay-Forwarded-By", "127.0.0.1:" + port, "Authorization", "Bearer " + EVEN));
            assertThat(markedOther.statusCode()).as(markedOther.body()).isEqualTo(404);
            assertThat(Http.get(other.httpPort(), "/v1/budgets/tenant-1", Map.of("X-Clay-Forwarded-By", "test",
                    "Authorization", "Bearer " + EVEN)).statusCode()).isEqualTo(403);

            // budgets: every even tenant, from whichever instance holds it (each is held by one, so the
            // other relays it with the caller's token), and no other
            Map<String, Integer> listed = new HashMap<>();
            Http.json(Http.get(port, "/v1/budgets", EVEN)).path("budgets").forEach(budget -> listed.put(
                    budget.path("tenant").asText(), budget.path("day").path("reserved").asInt()));
            Map<String, Integer> even = new HashMap<>(reserved);
            even.keySet().retainAll(EVEN_TENANTS);
            assertThat(listed).as("GET /v1/budgets on " + port).isEqualTo(even);
            for (var tenant : reserved.entrySet()) {
                HttpResponse<String> budget = Http.get(port, "/v1/budgets/" + tenant.getKey(), EVEN);
                assertThat(budget.statusCode()).as(tenant.getKey() + ": " + budget.body())
                        .isEqualTo(EVEN_TENANTS.contains(tenant.getKey()) ? 200 : 403);
            }
        }
    }

    /** One PUT of the burst below: which change it sent (its index), to which instance, and the answer. */
    private record SentChange(int index, int instance, String body, int status, long version) {}

    /** Change {@code index} of the burst: daily, monthly and force_open in turn, each with its own value. */
    private static String burstChange(int index) {
        return switch (index % 3) {
            case 0 -> "{\"daily\":" + (index + 1) + "}";
            case 1 -> "{\"monthly\":" + (1000 + index) + "}";
            default -> "{\"force_open\":" + (index % 2 == 0) + "}";
        };
    }

    /** Instance {@code instance} gets every second change, sent one after the other with no pause. */
    private List<SentChange> sendHalfOfTheBurst(int instance, int changes, String tenant) {
        List<SentChange> sent = new ArrayList<>();
        for (int i = instance; i < changes; i += 2) {
            HttpResponse<String> answer = Http.put(services.get(instance).httpPort(), "/v1/budgets/" + tenant,
                    burstChange(i), OPERATOR);
            JsonNode body = Http.json(answer);
            assertThat(body.has("version")).as("change %d answered %d without a version: %s", i,
                    answer.statusCode(), answer.body()).isTrue();
            sent.add(new SentChange(i, instance, burstChange(i), answer.statusCode(), body.path("version").asLong()));
        }
        return sent;
    }

    @Test
    void quickPartialChangesToBothInstancesAreAllAppliedInTheOrderOfTheirVersions() throws Exception {
        startTwo("budget-changes", Map.of("CREDIT_BUDGETS", "acme:5:50"));
        for (EnrichmentService service : services) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> Http.get(service.httpPort(), "/health/ready").statusCode() == 200);
        }
        int changes = 20;

        // both instances at once, each as fast as its answers come: the changes interleave between them
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<SentChange> sent = new ArrayList<>();
        try {
            var first = senders.submit(() -> sendHalfOfTheBurst(0, changes, "acme"));
            var second = senders.submit(() -> sendHalfOfTheBurst(1, changes, "acme"));
            sent.addAll(first.get(120, java.util.concurrent.TimeUnit.SECONDS));
            sent.addAll(second.get(120, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            senders.shutdownNow();
        }

        assertThat(sent).extracting(SentChange::status).allSatisfy(status -> assertThat(status).isIn(200, 202));
        assertThat(sent).extracting(SentChange::version).doesNotHaveDuplicates();
        for (int instance = 0; instance < 2; instance++) {
            int asked = instance;
            assertThat(sent.stream().filter(change -> change.instance() == asked).map(SentChange::version).toList())
                    .as("versions of instance %d in the order it was sent its changes", instance).isSorted();
        }
        // what applying every change, in the order of its version, over the configured budget gives
        List<SentChange> byVersion = sent.stream()
                .sorted(java.util.Comparator.comparingLong(SentChange::version)).toList();
        java.math.BigDecimal daily = new java.math.BigDecimal("5");
        java.math.BigDecimal monthly = new java.math.BigDecimal("50");
        boolean forceOpen = false;
        for (SentChange change : byVersion) {
            JsonNode body = Json.mapper().readTree(change.body());
            daily = body.has("daily") ? body.get("daily").decimalValue() : daily;
            monthly = body.has("monthly") ? body.get("monthly").decimalValue() : monthly;
            forceOpen = body.has("force_open") ? body.get("force_open").asBoolean() : forceOpen;
        }
        java.math.BigDecimal expectedDaily = daily;
        java.math.BigDecimal expectedMonthly = monthly;
        boolean expectedForceOpen = forceOpen;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (EnrichmentService service : services) {
                JsonNode budget = Http.json(Http.get(service.httpPort(), "/v1/budgets/acme", OPERATOR));
                assertThat(budget.path("day").path("limit").decimalValue()).as("daily on " + service.httpPort())
                        .isEqualByComparingTo(expectedDaily);
                assertThat(budget.path("month").path("limit").decimalValue()).as("monthly on " + service.httpPort())
                        .isEqualByComparingTo(expectedMonthly);
                assertThat(budget.path("force_open").asBoolean()).as("force_open on " + service.httpPort())
                        .isEqualTo(expectedForceOpen);
            }
        });
    }

    /** A result of {@code tenant} whose key only {@code service} holds. */
    private static EnrichmentResult heldBy(EnrichmentService service, Map<String, EnrichmentResult> results,
            String tenant) {
        return results.values().stream().filter(result -> result.tenant().equals(tenant))
                .filter(result -> holds(service, result.contactKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no key of " + tenant + " on port " + service.httpPort()));
    }
}
