package io.clayenrichment.common.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row for a Clay table webhook, on {@code clay.outbound}. Clay makes one row per flat JSON object,
 * so the request's attributes and passthrough fields are written at the top level beside the
 * identity (a field of the contract always wins over an attribute of the same name).
 */
public record OutboundRow(
        String correlationId,
        String contactKey,
        String tenant,
        String requestId,
        Instant requestedAt,
        String email,
        String linkedinUrl,
        String domain,
        String firstName,
        String lastName,
        String company,
        @JsonAnySetter Map<String, Object> attributes) {

    /**
     * Kafka header of an outbound record: the epoch milliseconds after which the dispatcher must not
     * send the row any more (its attempt's deadline: by then its request has its outcome). Headers
     * are never sent to Clay.
     */
    public static final String SEND_BEFORE_HEADER = "clay.send_before";

    public OutboundRow {
        attributes = attributes == null ? new LinkedHashMap<>() : attributes;
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The row for one attempt at enriching {@code request}, whose identity gives {@code contactKey}. */
    public static OutboundRow forAttempt(EnrichmentRequest request, String contactKey, String correlationId,
            Instant requestedAt) {
        EnrichmentRequest r = request.normalised();
        Map<String, Object> flattened = new LinkedHashMap<>(r.attributes());
        r.extra().forEach(flattened::putIfAbsent);
        return new OutboundRow(correlationId, contactKey, r.tenantOrDefault(), r.requestId(), requestedAt,
                r.email(), r.linkedinUrl(), r.domain(), r.firstName(), r.lastName(), r.company(),
                withoutContractFields(flattened));
    }

    private static Map<String, Object> withoutContractFields(Map<String, Object> fields) {
        for (String name : CONTRACT_FIELDS) {
            fields.remove(name);
        }
        return fields;
    }

    private static final java.util.List<String> CONTRACT_FIELDS = java.util.List.of("correlation_id", "contact_key",
            "tenant", "request_id", "requested_at", "email", "linkedin_url", "domain", "first_name", "last_name",
            "company");
}
