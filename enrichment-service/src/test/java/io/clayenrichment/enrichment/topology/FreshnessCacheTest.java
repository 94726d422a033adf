package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultSource;
import io.clayenrichment.common.schema.ResultStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The freshness cache: what may answer, what is kept, what is dropped on the clock. */
class FreshnessCacheTest {

    private static final String CONTACT = TenantKeys.contact("acme", "email:ada@example.com");
    private static final long TTL_MS = TopologyFixture.TTL.toMillis();

    private final DeciderRig rig = new DeciderRig();
    private final FreshnessCache cache = rig.cache;

    private static EnrichmentResult result(String correlationId, ResultStatus status, long receivedAtMs) {
        return new EnrichmentResult(correlationId, "r1", "email:ada@example.com", "acme", status, ResultSource.CLAY,
                Map.of(), 1.0, Instant.ofEpochMilli(receivedAtMs), null);
    }

    @Test
    void aResultAnswersWhileItIsYoungerThanTheTtlCountedFromWhenItWasReceived() {
        cache.offer(CONTACT, result("c1", ResultStatus.SUCCESS, START_MS));

        assertThat(cache.fresh(CONTACT, START_MS + TTL_MS - 1)).isNotNull();
        assertThat(cache.fresh(CONTACT, START_MS + TTL_MS)).isNull();
        assertThat(cache.fresh(TenantKeys.contact("beta", "email:ada@example.com"), START_MS)).isNull();
    }

    @Test
    void onlyASuccessNewerThanWhatIsKeptIsKept() {
        cache.offer(CONTACT, result("failed", ResultStatus.NOT_FOUND, START_MS));
        assertThat(rig.freshness.get(CONTACT)).isNull();

        cache.offer(CONTACT, result("newer", ResultStatus.SUCCESS, START_MS + 10));
        cache.offer(CONTACT, result("older", ResultStatus.SUCCESS, START_MS));

        assertThat(rig.freshness.get(CONTACT).correlationId()).isEqualTo("newer");
    }

    @Test
    void expiredEntriesAreDroppedABatchPerPunctuationRoundRobin() {
        int total = FreshnessCache.EVICTION_BATCH + 10;
        for (int i = 0; i < total; i++) {
            cache.offer(TenantKeys.contact("acme", String.format("email:%05d@example.com", i)),
                    result("c" + i, ResultStatus.SUCCESS, START_MS));
        }
        cache.offer(TenantKeys.contact("zeta", "email:young@example.com"),
                result("young", ResultStatus.SUCCESS, START_MS + 1));

        cache.evictExpired(START_MS + TTL_MS);
        assertThat(rig.freshness.approximateNumEntries()).isEqualTo(11);
        cache.evictExpired(START_MS + TTL_MS);

        assertThat(rig.freshness.approximateNumEntries()).isEqualTo(1);
        assertThat(cache.fresh(TenantKeys.contact("zeta", "email:young@example.com"), START_MS + TTL_MS)).isNotNull();
    }
}
