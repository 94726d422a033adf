package io.clayenrichment.common.schema;

import java.util.Optional;

/**
 * What a tenant name may be, wherever one enters the platform (Kafka, HTTP intake, the budget API):
 * at most 200 characters and no control characters, since tenants become store keys, metric labels
 * and header values; and not {@value #OTHER_LABEL}, the metric label of every tenant not listed by
 * name, so that a producer cannot pass its tenant off as that group (or the group as one tenant).
 */
public final class Tenants {

    public static final int MAX_LENGTH = 200;

    /** The metric label under which the tenants without a label of their own are counted. */
    public static final String OTHER_LABEL = "_other";

    private Tenants() {}

    /** Why {@code tenant} is not a valid tenant name, naming the field as a request would; empty when it is. */
    public static Optional<String> problem(String tenant) {
        if (tenant.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("field 'tenant': must not contain control characters");
        }
        if (tenant.length() > MAX_LENGTH) {
            return Optional.of("field 'tenant': longer than " + MAX_LENGTH + " characters");
        }
        if (tenant.equals(OTHER_LABEL)) {
            return Optional.of("field 'tenant': '" + OTHER_LABEL + "' is reserved (the metric label of tenants not"
                    + " listed by name)");
        }
        return Optional.empty();
    }
}
