package io.clayenrichment.enrichment.refresh;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.schema.EnrichmentRequest;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The request a refresh sends: the identity rebuilt from the contact key, {@code force} (the cache is
 * what is stale), and a {@code request_id} that says it is a refresh. Only the identity is known: the
 * cache keeps Clay's result, not the request's other fields (company, attributes).
 */
public final class RefreshRequests {

    /** The header on a refresh's row (and on its dead letter, if it times out): the stale result's correlation id. */
    public static final String HEADER = "x-clay-refresh";
    public static final String REQUEST_ID_PREFIX = "refresh-";

    private RefreshRequests() {}

    public static String newRequestId() {
        return REQUEST_ID_PREFIX + UUID.randomUUID();
    }

    /**
     * The request for {@code contactKey} of {@code tenant}, whose identity gives that same key; empty for
     * a key that is none of the contract's forms. A {@code name:} key joins first and last name with a
     * dot, and names may hold dots themselves: the first split that gives the key back is taken, so
     * "mary.st. john" comes back as "mary" and "st. john", "j.r.r..tolkien" as "j" and "r.r..tolkien".
     */
    public static Optional<EnrichmentRequest> forContact(String tenant, String contactKey, String requestId) {
        if (contactKey.startsWith(ContactKey.EMAIL_PREFIX)) {
            return givingKey(contactKey, request(requestId, tenant,
                    contactKey.substring(ContactKey.EMAIL_PREFIX.length()), null, null, null, null));
        }
        if (contactKey.startsWith(ContactKey.LINKEDIN_PREFIX)) {
            return givingKey(contactKey, request(requestId, tenant, null,
                    "https://www." + contactKey.substring(ContactKey.LINKEDIN_PREFIX.length()), null, null, null));
        }
        if (contactKey.startsWith(ContactKey.NAME_PREFIX)) {
            String rest = contactKey.substring(ContactKey.NAME_PREFIX.length());
            int slash = rest.indexOf('/');
            for (int dot = rest.indexOf('.', slash + 1); slash > 0 && dot > 0; dot = rest.indexOf('.', dot + 1)) {
                Optional<EnrichmentRequest> split = givingKey(contactKey, request(requestId, tenant, null, null,
                        rest.substring(0, slash), rest.substring(slash + 1, dot), rest.substring(dot + 1)));
                if (split.isPresent()) {
                    return split;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<EnrichmentRequest> givingKey(String contactKey, EnrichmentRequest request) {
        return request.contactKey().filter(contactKey::equals).map(key -> request);
    }

    private static EnrichmentRequest request(String requestId, String tenant, String email, String linkedinUrl,
            String domain, String firstName, String lastName) {
        return new EnrichmentRequest(requestId, tenant, email, linkedinUrl, domain, firstName, lastName, null, Map.of(),
                true, null, null);
    }
}
