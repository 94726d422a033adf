package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.DispatchReceipt;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.TenantSpend;
import io.clayenrichment.enrichment.budget.Period;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The topology in a {@link TopologyTestDriver} with its topics, stores and a test wall clock. */
final class TopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    static final Topics TOPICS = Topics.defaults();
    static final String BUDGETS_TOPIC = "enrichment.budgets";
    static final Duration TTL = Duration.ofDays(30);
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final Duration TICK = Duration.ofSeconds(1);

    final RecordingMetrics metrics = new RecordingMetrics();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> requests;
    final TestInputTopic<String, EnrichmentResult> resultsIn;
    final TestInputTopic<String, DispatchReceipt> receiptsIn;
    final TestInputTopic<String, BudgetOverride> budgets;
    final TestInputTopic<String, BudgetChange> budgetChanges;
    /** What the budget fold wrote to the budgets topic (the global store reads it back). */
    final TestOutputTopic<String, BudgetOverride> foldedBudgets;
    /** The normal lane's rows (the outbound topic itself). */
    final TestOutputTopic<String, OutboundRow> outbound;
    final TestOutputTopic<String, OutboundRow> urgent;
    /** The backfill lane's rows: scheduled refreshes, and requests that ask for it. */
    final TestOutputTopic<String, OutboundRow> backfill;
    final TestOutputTopic<String, EnrichmentResult> results;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;

    TopologyFixture(BudgetPolicy policy) {
        this(policy, io.clayenrichment.enrichment.refresh.RefreshSettings.OFF);
    }

    TopologyFixture(BudgetPolicy policy, io.clayenrichment.enrichment.refresh.RefreshSettings refresh) {
        this(policy, refresh, settings -> settings);
    }

    TopologyFixture(BudgetPolicy policy, java.util.function.UnaryOperator<TopologySettings> adjust) {
        this(policy, io.clayenrichment.enrichment.refresh.RefreshSettings.OFF, adjust);
    }

    TopologyFixture(BudgetPolicy policy, io.clayenrichment.enrichment.refresh.RefreshSettings refresh,
            java.util.function.UnaryOperator<TopologySettings> adjust) {
        try {
            stateDir = Files.createTempDirectory("topology-test-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TopologySettings settings = adjust.apply(new TopologySettings(TOPICS, BUDGETS_TOPIC, policy, TTL, TIMEOUT, TICK,
                refresh));
        StreamsBuilder builder = EnrichmentTopology.build(new StreamsBuilder(), settings, metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(EnrichmentTopology.streamsSettings(TOPICS, metrics));
        driver = new TopologyTestDriver(builder.build(), props, START);
        requests = driver.createInputTopic(TOPICS.requests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        resultsIn = driver.createInputTopic(TOPICS.results().name(), new StringSerializer(),
                TOPICS.results().valueSerde().serializer());
        receiptsIn = driver.createInputTopic(settings.receiptsTopic(), new StringSerializer(),
                new io.clayenrichment.common.json.JsonSerde<>(DispatchReceipt.class).serializer());
        budgets = driver.createInputTopic(BUDGETS_TOPIC, new StringSerializer(),
                new io.clayenrichment.common.json.JsonSerde<>(BudgetOverride.class).serializer());
        budgetChanges = driver.createInputTopic(settings.budgetChangesTopic(), new StringSerializer(),
                new io.clayenrichment.common.json.JsonSerde<>(BudgetChange.class).serializer());
        foldedBudgets = driver.createOutputTopic(BUDGETS_TOPIC, new StringDeserializer(),
                new io.clayenrichment.common.json.JsonSerde<>(BudgetOverride.class).deserializer());
        outbound = driver.createOutputTopic(TOPICS.outbound().name(), new StringDeserializer(),
                TOPICS.outbound().valueSerde().deserializer());
        urgent = driver.createOutputTopic(TOPICS.outboundLane(Priority.URGENT), new StringDeserializer(),
                TOPICS.outbound().valueSerde().deserializer());
        backfill = driver.createOutputTopic(TOPICS.outboundLane(Priority.BACKFILL), new StringDeserializer(),
                TOPICS.outbound().valueSerde().deserializer());
        results = driver.createOutputTopic(TOPICS.results().name(), new StringDeserializer(),
                TOPICS.results().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    static BudgetPolicy policy(long dailyCredits, long monthlyCredits) {
        return new BudgetPolicy(new BudgetLimits(dailyCredits * 1000, monthlyCredits * 1000, false), Map.of(), 1000, 0.8);
    }

    Instant now() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    /** Moves the wall clock (firing punctuations) and the record time together. */
    void advance(Duration by) {
        elapsed = elapsed.plus(by);
        driver.advanceWallClockTime(by);
    }

    void request(String json) {
        request(null, json, new RecordHeaders());
    }

    void request(String key, String json, Headers headers) {
        requests.pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers, now()));
    }

    static String requestJson(String requestId, String tenant, String email) {
        return "{\"request_id\":\"" + requestId + "\",\"tenant\":\"" + tenant + "\",\"email\":\"" + email + "\"}";
    }

    /** Clay's result for an outbound row, as the receiver publishes it. */
    void clayResult(OutboundRow row, ResultStatus status, Double creditsUsed) {
        EnrichmentResult result = new EnrichmentResult(row.correlationId(), row.requestId(), row.contactKey(),
                row.tenant(), status, ResultSource.CLAY, Map.of("title", "Engineer"), creditsUsed, now(), null);
        resultsIn.pipeInput(result.recordKey(), result, now());
    }

    /** The dispatcher gave a row up before any POST of it could reach Clay (Clay refused it, say). */
    void dispatcherGaveUp(OutboundRow row, String reason) {
        receipt(row, DispatchReceipt.Stage.FAILED, DispatchReceipt.Reach.NO, reason);
    }

    /** A receipt for a row, as the dispatcher writes it. */
    void receipt(OutboundRow row, DispatchReceipt.Stage stage, DispatchReceipt.Reach reach, String reason) {
        receiptsIn.pipeInput(row.tenant(), new DispatchReceipt(row.correlationId(), row.tenant(), row.contactKey(),
                row.requestId(), stage, reach, reason, reason == null ? null : "HTTP 400 from Clay", now()), now());
    }

    /** The reservation held for an ended attempt, or null. */
    OpenReservation held(OutboundRow row) {
        KeyValueStore<String, OpenReservation> store = driver.getKeyValueStore(StoreNames.HELD);
        return store.get(TenantKeys.contact(row.tenant(), row.correlationId()));
    }

    void override(String tenant, Long daily, Long monthly, boolean forceOpen) {
        budgets.pipeInput(tenant, new BudgetOverride(tenant, daily == null ? null : java.math.BigDecimal.valueOf(daily),
                monthly == null ? null : java.math.BigDecimal.valueOf(monthly), forceOpen, now()), now());
    }

    Spend spend(String tenant, Period period) {
        KeyValueStore<String, TenantSpend> store = driver.getKeyValueStore(StoreNames.SPEND);
        TenantSpend spend = store.get(tenant);
        if (spend == null) {
            return Spend.NONE;
        }
        TenantSpend current = spend.rolledTo(now().toEpochMilli());
        return period == Period.DAY ? current.day() : current.month();
    }

    /** Asserts that no tenant's committed credits (spent and reserved) exceed its daily or monthly budget. */
    void assertBudgetsHold(List<String> tenants, long dailyCredits, long monthlyCredits, Object trace) {
        for (String tenant : tenants) {
            Spend day = spend(tenant, Period.DAY);
            Spend month = spend(tenant, Period.MONTH);
            assertThat(day.committedMilli()).as("day spend of %s; trace %s", tenant, trace)
                    .isLessThanOrEqualTo(dailyCredits * 1000);
            assertThat(month.committedMilli())
                    .as("month spend of %s; trace %s", tenant, trace).isLessThanOrEqualTo(monthlyCredits * 1000);
            assertThat(day.reservedMilli()).isGreaterThanOrEqualTo(0);
        }
    }

    List<TestRecord<byte[], byte[]>> deadLetterRecords() {
        return deadLetters.readRecordsToList();
    }

    static String header(TestRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp folder; leaving it behind is harmless
        }
    }
}
