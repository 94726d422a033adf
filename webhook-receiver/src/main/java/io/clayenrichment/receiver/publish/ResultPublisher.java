package io.clayenrichment.receiver.publish;

import io.clayenrichment.common.schema.EnrichmentResult;
import java.util.concurrent.CompletableFuture;

/** Makes a result durable; the future completes only once the write is acknowledged, or fails. */
public interface ResultPublisher extends AutoCloseable {

    CompletableFuture<Void> publish(EnrichmentResult result);

    /** Sends what is still buffered, waits (bounded) for its acknowledgements, and releases the connection. */
    @Override
    void close();
}
