package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlPoolTest {

    private static final List<URI> URLS = List.of(URI.create("https://api.clay.com/v3/sources/webhook/secret-a"),
            URI.create("https://api.clay.com/v3/sources/webhook/secret-b"));

    @Test
    void rowsGoToTheFirstUrlUnderTheLimitCountingEveryPartition() {
        UrlPool pool = new UrlPool(URLS, 5);
        for (int i = 0; i < 4; i++) {
            pool.increment(new UrlPool.Slot(0, i % 2));
        }
        assertThat(pool.current()).hasValue(0);
        assertThat(pool.left(0)).isEqualTo(1);
        pool.increment(new UrlPool.Slot(0, 3));
        assertThat(pool.total(0)).isEqualTo(5);
        assertThat(pool.current()).hasValue(1);
        assertThat(pool.leftOverall()).isEqualTo(5);
        assertThat(pool.low(0.6)).isTrue();
        assertThat(pool.low(0.5)).isFalse();
        for (int i = 0; i < 5; i++) {
            pool.increment(new UrlPool.Slot(1, 0));
        }
        assertThat(pool.current()).isEmpty();
    }

    @Test
    void usedUpRaisesTheSlotSoTheUrlTotalReachesTheLimit() {
        UrlPool pool = new UrlPool(URLS, 100);
        pool.observe(new UrlPool.Slot(0, 1), 30);
        long count = pool.markUsedUp(new UrlPool.Slot(0, 2));
        assertThat(count).isEqualTo(70);
        assertThat(pool.total(0)).isEqualTo(100);
        assertThat(pool.current()).hasValue(1);
    }

    @Test
    void anUncappedPoolStaysOnItsUrlUntilClaySaysItIsUsedUp() {
        UrlPool pool = new UrlPool(URLS, 5, false);
        for (int i = 0; i < 1_000; i++) {
            pool.increment(new UrlPool.Slot(0, i % 3));
        }
        assertThat(pool.current()).hasValue(0);
        assertThat(pool.leftShown(0)).isInfinite();
        assertThat(pool.low(0.99)).isFalse();

        pool.markUsedUp(new UrlPool.Slot(0, 1));
        assertThat(pool.current()).hasValue(1);
        assertThat(pool.leftShown(0)).isZero();
        pool.markUsedUp(new UrlPool.Slot(1, 0));
        assertThat(pool.current()).isEmpty();
        assertThat(pool.low(0.01)).isTrue();
    }

    @Test
    void countsReadBackNeverGoDown() {
        UrlPool pool = new UrlPool(URLS, 100);
        UrlPool.Slot slot = new UrlPool.Slot(1, 4);
        pool.observe(slot, 9);
        pool.observe(slot, 7);
        assertThat(pool.count(slot)).isEqualTo(9);
    }

    @Test
    void keysNameTheUrlByHashOnlyAndReadBack() {
        UrlPool pool = new UrlPool(URLS, 100);
        String key = pool.key(new UrlPool.Slot(1, 12));
        assertThat(key).doesNotContain("secret").doesNotContain("clay.com").matches("[0-9a-f]{16}/12");
        assertThat(pool.slotOf(key)).contains(new UrlPool.Slot(1, 12));
        assertThat(pool.slotOf("0123456789abcdef/1")).isEmpty();
        assertThat(pool.slotOf("garbage")).isEmpty();
        assertThat(pool.slotOf(key.replace("/12", "/x"))).isEmpty();
    }
}
