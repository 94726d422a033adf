package io.clayenrichment.receiver.publish;

import io.clayenrichment.common.schema.EnrichmentResult;
import java.util.concurrent.CompletableFuture;

/** Makes a result durable; the future completes only once the write is acknowledged, or fails. */
public interface ResultPublisher extends AutoCloseable {

    CompletableFuture<Void> publish(EnrichmentResult result);

    /** Flushes what is in flight and releases the connection, waiting at most the given grace. */
    @Override
    void close();
}
