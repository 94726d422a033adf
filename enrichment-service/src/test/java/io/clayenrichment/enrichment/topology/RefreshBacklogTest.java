package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.common.testing.Seeds;
import io.clayenrichment.enrichment.cache.Freshness;
import io.clayenrichment.enrichment.refresh.RefreshRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * Counting due refreshes on the eviction walk: a bounded batch per punctuation, counts published only
 * when a pass over the whole cache has ended, and equal then to a count over the whole cache.
 */
class RefreshBacklogTest {

    private static final Duration AFTER = Duration.ofHours(1);
    private static final long AFTER_MS = AFTER.toMillis();
    private static final long TTL_MS = TopologyFixture.TTL.toMillis();
    private static final RefreshRule RULE = new RefreshRule(AFTER, TopologyFixture.TIMEOUT);

    private final DeciderRig rig = new DeciderRig();
    private final Set<String> inFlight = new HashSet<>();

    private static EnrichmentResult result(String tenant, String contactKey, long receivedAtMs) {
        return new EnrichmentResult("c-" + contactKey, "r", contactKey, tenant, ResultStatus.SUCCESS, ResultSource.CLAY,
                Map.of(), 1.0, Instant.ofEpochMilli(receivedAtMs), null);
    }

    private void cache(String tenant, String contactKey, long receivedAtMs) {
        rig.freshness.put(TenantKeys.contact(tenant, contactKey), result(tenant, contactKey, receivedAtMs));
    }

    /** Walks until a pass ends; returns the punctuations it took. */
    private static int walkOnePass(FreshnessCache cache, RefreshBacklog backlog, long nowMs) {
        int[] ended = {0};
        FreshnessCache.Walker walker = new FreshnessCache.Walker() {
            @Override
            public void kept(String key, EnrichmentResult cached, long now) {
                backlog.kept(key, cached, now);
            }

            @Override
            public void passEnded(long now) {
                backlog.passEnded(now);
                ended[0]++;
            }
        };
        int punctuations = 0;
        while (ended[0] == 0) {
            cache.evictExpired(nowMs, walker);
            punctuations++;
        }
        return punctuations;
    }

    @Test
    void aPassOverManyPunctuationsPublishesOnlyWhenItEnds() {
        for (int i = 0; i < 25; i++) {
            cache("acme", String.format("email:%03d@example.com", i), START_MS);
        }
        cache("beta", "email:fresh@example.com", START_MS + AFTER_MS);
        inFlight.add(TenantKeys.contact("acme", "email:000@example.com"));
        FreshnessCache cache = new FreshnessCache(rig.freshness, new Freshness(TopologyFixture.TTL), 10);
        RefreshBacklog backlog = new RefreshBacklog(RULE, inFlight::contains);
        long now = START_MS + AFTER_MS;

        cache.evictExpired(now, backlog);
        cache.evictExpired(now, backlog);
        assertThat(backlog.counted()).as("20 of 26 entries walked").isFalse();
        assertThat(backlog.dueOf("acme")).isZero();

        cache.evictExpired(now, backlog);

        assertThat(backlog.counted()).isTrue();
        assertThat(backlog.dueOf("acme")).as("25 stale, one in flight").isEqualTo(24);
        assertThat(backlog.dueOf("beta")).isZero();
        assertThat(backlog.tenants()).containsExactly("acme");
    }

    @Test
    void aRefreshStartedLeavesTheLastCount() {
        cache("acme", "email:a@example.com", START_MS);
        cache("acme", "email:b@example.com", START_MS);
        RefreshBacklog backlog = new RefreshBacklog(RULE, inFlight::contains);
        walkOnePass(rig.cache, backlog, START_MS + AFTER_MS);

        backlog.refreshStarted("acme");
        assertThat(backlog.dueOf("acme")).isEqualTo(1);
        backlog.refreshStarted("acme");
        backlog.refreshStarted("acme");
        assertThat(backlog.dueOf("acme")).isZero();
        assertThat(backlog.tenants()).isEmpty();
    }

    @Test
    void withRefreshOffNothingIsDueAndThatIsKnownAtOnce() {
        cache("acme", "email:a@example.com", START_MS);
        RefreshBacklog backlog = new RefreshBacklog(null, inFlight::contains);

        assertThat(backlog.counted()).isTrue();
        rig.cache.evictExpired(START_MS + 2 * AFTER_MS, backlog);
        assertThat(backlog.dueOf("acme")).isZero();
    }

    /**
     * For any cache (stale, fresh and expired entries of several tenants, some in flight), walk batch and
     * changes between passes: after each pass the counts equal a count over the whole cache at that time;
     * before the first pass ends nothing is published.
     */
    @Test
    void afterEveryPassTheCountsEqualACountOverTheWholeCache() {
        Seeds.check(200, random -> {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, EnrichmentResult> all = rig.freshness.all()) {
                all.forEachRemaining(entry -> keys.add(entry.key));
            }
            keys.forEach(rig.freshness::delete);
            inFlight.clear();
            List<String> tenants = List.of("acme", "beta", "gamma", "a");
            FreshnessCache cache = new FreshnessCache(rig.freshness, new Freshness(TopologyFixture.TTL),
                    1 + random.nextInt(40));
            RefreshBacklog backlog = new RefreshBacklog(RULE, inFlight::contains);
            long now = START_MS;
            assertThat(backlog.counted()).isFalse();
            for (int pass = 0; pass < 4; pass++) {
                int changes = random.nextInt(120);
                for (int i = 0; i < changes; i++) {
                    String tenant = tenants.get(random.nextInt(tenants.size()));
                    String contact = "email:" + random.nextInt(80) + "@example.com";
                    String key = TenantKeys.contact(tenant, contact);
                    switch (random.nextInt(4)) {
                        case 0 -> rig.freshness.delete(key);
                        case 1 -> inFlight.add(key);
                        case 2 -> inFlight.remove(key);
                        default -> cache(tenant, contact, now - (long) (random.nextDouble() * (TTL_MS + AFTER_MS)));
                    }
                }
                now += random.nextInt(3) * AFTER_MS / 2;
                Map<String, Long> expected = dueOverWholeCache(now);

                walkOnePass(cache, backlog, now);

                assertThat(backlog.counted()).isTrue();
                for (String tenant : tenants) {
                    assertThat(backlog.dueOf(tenant)).as("pass %d, tenant %s", pass, tenant)
                            .isEqualTo(expected.getOrDefault(tenant, 0L));
                }
                assertThat(backlog.tenants()).isEqualTo(expected.keySet());
            }
        });
    }

    private Map<String, Long> dueOverWholeCache(long nowMs) {
        Freshness freshness = new Freshness(TopologyFixture.TTL);
        Map<String, Long> due = new HashMap<>();
        List<KeyValue<String, EnrichmentResult>> entries = new ArrayList<>();
        try (KeyValueIterator<String, EnrichmentResult> all = rig.freshness.all()) {
            all.forEachRemaining(entries::add);
        }
        for (KeyValue<String, EnrichmentResult> entry : entries) {
            if (freshness.isFresh(entry.value, nowMs) && RULE.isDue(entry.value, nowMs)
                    && !inFlight.contains(entry.key)) {
                due.merge(entry.key.substring(0, entry.key.indexOf(TenantKeys.SEPARATOR)), 1L, Long::sum);
            }
        }
        return due;
    }
}
