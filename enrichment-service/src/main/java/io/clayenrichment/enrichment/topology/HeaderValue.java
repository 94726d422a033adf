package io.clayenrichment.enrichment.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** One Kafka header, kept with a request so that its dead letter can carry the original headers. */
public record HeaderValue(String name, byte[] value) {

    public static List<HeaderValue> listOf(Headers headers) {
        List<HeaderValue> list = new ArrayList<>();
        for (Header header : headers) {
            list.add(new HeaderValue(header.key(), header.value()));
        }
        return list;
    }

    public static Headers toHeaders(List<HeaderValue> values) {
        RecordHeaders headers = new RecordHeaders();
        for (HeaderValue value : values) {
            headers.add(value.name(), value.value());
        }
        return headers;
    }
}
