package io.clayenrichment.enrichment.topology;

import java.util.List;

/** A request as it was read: what its dead letter must carry unchanged, and where it came from. */
interface Original {

    byte[] rawKey();

    byte[] rawValue();

    List<HeaderValue> headers();

    String sourceTopic();

    int sourcePartition();

    long sourceOffset();
}
