package io.clayenrichment.sandbox.enrich;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.Blank;
import io.clayenrichment.common.schema.EnrichmentRequest;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row a webhook source accepted: a flat JSON object, nested values kept as they came.
 *
 * @param sequence the row's number in this sandbox run, unique across sources
 */
public record Row(String sourceId, long sequence, Map<String, Object> fields) {

    // Fields that differ between attempts at the same contact, so never part of its identity.
    private static final java.util.Set<String> PER_ATTEMPT = java.util.Set.of("correlation_id", "request_id",
            "requested_at", "tenant");

    public Row {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** The field as text, or null when it is missing, blank, "null" or not a scalar. */
    public String text(String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return null;
        }
        return Blank.orNull(String.valueOf(value));
    }

    public String tenant() {
        String tenant = text("tenant");
        return tenant == null ? EnrichmentRequest.DEFAULT_TENANT : tenant;
    }

    /**
     * Who the row is about: the contract's contact key of its identity fields, else its
     * {@code contact_key} field, else the row's content without per-attempt fields. Made-up data is
     * derived from this, so every attempt at the same contact gets the same data.
     */
    public String identity() {
        return ContactKey.of(text("email"), text("linkedin_url"), text("domain"), text("first_name"),
                        text("last_name"))
                .or(() -> java.util.Optional.ofNullable(text("contact_key")))
                .orElseGet(() -> {
                    Map<String, Object> content = new TreeMap<>(fields);
                    content.keySet().removeAll(PER_ATTEMPT);
                    return "row:" + Json.writeString(content);
                });
    }

    /**
     * What tells this attempt apart: its {@code correlation_id}, else its sequence number. Choices
     * about the callback (lost, duplicated) are keyed by it.
     */
    public String attemptKey() {
        String correlationId = text("correlation_id");
        return correlationId != null ? correlationId : "row#" + sequence;
    }
}
