package io.clayenrichment.common.schema;

import java.util.Optional;

/**
 * What a tenant name may be, wherever one enters the platform (Kafka, HTTP intake, the budget API):
 * at most 200 characters and no control characters, since tenants become store keys, metric labels
 * and header values.
 */
public final class Tenants {

    public static final int MAX_LENGTH = 200;

    private Tenants() {}

    /** Why {@code tenant} is not a valid tenant name, naming the field as a request would; empty when it is. */
    public static Optional<String> problem(String tenant) {
        if (tenant.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("field 'tenant': must not contain control characters");
        }
        if (tenant.length() > MAX_LENGTH) {
            return Optional.of("field 'tenant': longer than " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }
}
