package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.enrichment.budget.BreakerState;
import io.clayenrichment.enrichment.budget.BudgetSnapshot;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.metrics.TopologyMetrics.RefreshOutcome;
import io.clayenrichment.enrichment.refresh.RefreshAllowance;
import io.clayenrichment.enrichment.refresh.RefreshRequests;
import io.clayenrichment.enrichment.refresh.RefreshRule;
import io.clayenrichment.enrichment.refresh.RefreshSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled refresh in one decider task. On each punctuation it walks the freshness cache round-robin
 * with its own cursor and re-requests contacts whose latest successful Clay result is older than
 * {@code REFRESH_AFTER}, through the decider's own attempt path, in the backfill lane: a refresh reserves, settles and is
 * released exactly like a request. It passes over a contact in flight, one tried too recently (see
 * {@link RefreshRule}), and every contact of a tenant whose breaker is not {@code closed}, so user
 * requests keep the last part of a budget; it stops where the task's allowance runs out and resumes
 * there on the next punctuation. Refreshes passed over are counted, never dead-lettered.
 */
final class RefreshPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshPlanner.class);
    /** Cache entries (and refresh records) examined per punctuation, to keep each punctuation short. */
    static final int WALK_BATCH = 1000;

    /** The tenant's budget now, as the decider sees it. */
    interface Budgets {
        BudgetSnapshot of(String tenant, long nowMs);
    }

    /** Starts an attempt for a contact (store key) exactly as for a request. */
    interface Starter {
        void start(String tenant, String storeKey, RequestEnvelope request, BudgetSnapshot budget, long nowMs);
    }

    private final RefreshRule rule;
    private final RefreshAllowance allowance;
    private final String requestsTopic;
    private final KeyValueStore<String, EnrichmentResult> cache;
    private final KeyValueStore<String, Attempt> attempts;
    private final KeyValueStore<String, Long> lastSent;
    private final TopologyMetrics metrics;
    private String cursor;
    private String sweepCursor;

    RefreshPlanner(TopologySettings settings, KeyValueStore<String, EnrichmentResult> cache,
            KeyValueStore<String, Attempt> attempts, KeyValueStore<String, Long> lastSent, TopologyMetrics metrics) {
        RefreshSettings refresh = settings.refresh();
        this.rule = refresh.enabled() ? new RefreshRule(refresh.after(), settings.resultTimeout()) : null;
        this.allowance = refresh.enabled()
                ? new RefreshAllowance(refresh.perTaskPerSecond(), settings.punctuateInterval()) : null;
        this.requestsTopic = settings.topics().requests().name();
        this.cache = cache;
        this.attempts = attempts;
        this.lastSent = lastSent;
        this.metrics = metrics;
    }

    void onClock(String taskId, long nowMs, Budgets budgets, Starter starter) {
        if (rule == null) {
            return;
        }
        allowance.accrue(nowMs);
        forgetObsoleteTries();
        int sent = 0;
        Set<String> refused = new HashSet<>();
        String stoppedAt = null;
        try (KeyValueIterator<String, EnrichmentResult> entries = cache.range(cursor, null)) {
            for (int scanned = 0; scanned < WALK_BATCH && stoppedAt == null && entries.hasNext(); scanned++) {
                KeyValue<String, EnrichmentResult> entry = entries.next();
                if (!rule.isDue(entry.value, nowMs) || attempts.get(entry.key) != null
                        || !rule.mayTry(entry.value, lastSent.get(entry.key), nowMs)) {
                    continue;
                }
                String tenant = entry.key.substring(0, entry.key.indexOf(TenantKeys.SEPARATOR));
                BudgetSnapshot budget = refused.contains(tenant) ? null : budgets.of(tenant, nowMs);
                if (budget == null || budget.state() != BreakerState.CLOSED) {
                    refused.add(tenant);
                    metrics.refresh(tenant, RefreshOutcome.SKIPPED_BUDGET);
                } else if (!allowance.tryTake()) {
                    metrics.refresh(tenant, RefreshOutcome.SKIPPED_RATE);
                    stoppedAt = entry.key;
                } else if (send(tenant, entry, budget, nowMs, starter)) {
                    sent++;
                }
            }
            cursor = stoppedAt != null ? stoppedAt : entries.hasNext() ? entries.peekNextKey() : null;
        }
        if (sent > 0) {
            LOG.info("scheduled refresh: {} stale contact(s) re-requested by task {}", sent, taskId);
        }
    }

    private boolean send(String tenant, KeyValue<String, EnrichmentResult> entry, BudgetSnapshot budget, long nowMs,
            Starter starter) {
        String contactKey = entry.key.substring(tenant.length() + 1);
        Optional<EnrichmentRequest> request = RefreshRequests.forContact(tenant, contactKey,
                RefreshRequests.newRequestId());
        if (request.isEmpty()) {
            // Keys in the cache come from ContactKey, so every one has an identity; this would be a bug.
            LOG.warn("cannot rebuild an identity from contact key {} of tenant {}; not refreshed", contactKey, tenant);
            return false;
        }
        String stale = entry.value.correlationId() == null ? "" : entry.value.correlationId();
        RequestEnvelope envelope = new RequestEnvelope(tenant, contactKey, request.get().requestId(), true,
                contactKey.getBytes(StandardCharsets.UTF_8), Json.write(request.get()),
                List.of(new HeaderValue(RefreshRequests.HEADER, stale.getBytes(StandardCharsets.UTF_8))),
                requestsTopic, -1, -1, RowTemplate.of(request.get(), contactKey), Priority.BACKFILL);
        starter.start(tenant, entry.key, envelope, budget, nowMs);
        lastSent.put(entry.key, nowMs);
        metrics.refresh(tenant, RefreshOutcome.SENT);
        return true;
    }

    /** Drops records of tries made obsolete by a newer result or an evicted entry, a batch per punctuation. */
    private void forgetObsoleteTries() {
        List<String> obsolete = new ArrayList<>();
        try (KeyValueIterator<String, Long> tries = lastSent.range(sweepCursor, null)) {
            for (int scanned = 0; scanned < WALK_BATCH && tries.hasNext(); scanned++) {
                KeyValue<String, Long> tried = tries.next();
                if (rule.isObsolete(cache.get(tried.key), tried.value)) {
                    obsolete.add(tried.key);
                }
            }
            sweepCursor = tries.hasNext() ? tries.peekNextKey() : null;
        }
        obsolete.forEach(lastSent::delete);
    }
}
