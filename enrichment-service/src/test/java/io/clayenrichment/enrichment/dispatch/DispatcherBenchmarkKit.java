package io.clayenrichment.enrichment.dispatch;

import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.schema.OutboundRow;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** A dispatcher and a Clay stand-in that answers at once, for benchmarks outside this package. */
public final class DispatcherBenchmarkKit implements AutoCloseable {

    private final ScriptedClay clay = new ScriptedClay();
    private final DispatcherTestKit kit;

    public DispatcherBenchmarkKit(int partitions) {
        kit = new DispatcherTestKit(partitions).webhooks(clay, "bench")
                .set("CLAY_RATE_LIMIT_PER_SECOND", "100000").set("CLAY_RATE_LIMIT_BURST", "1000");
    }

    public URI url() {
        return clay.url("direct");
    }

    public List<OutboundRow> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> DispatcherTestKit.row("email:b" + i + "@example.com", "acme", i))
                .toList();
    }

    /** Starts a dispatcher, writes {@code rows} and answers the rows per second until Clay accepted all. */
    public double dispatchedRowsPerSecond(List<OutboundRow> rows, MeterRegistry registry) {
        int before = clay.accepted().size();
        kit.start(registry);
        long started = System.nanoTime();
        kit.produce(rows);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> clay.accepted().size() - before >= rows.size());
        return rows.size() / ((System.nanoTime() - started) / 1e9);
    }

    @Override
    public void close() {
        kit.close();
        clay.close();
    }
}
