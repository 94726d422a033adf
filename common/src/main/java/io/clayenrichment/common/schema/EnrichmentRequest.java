package io.clayenrichment.common.schema;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request on {@code enrichment.requests}. Identity is an email, or a LinkedIn URL, or a domain
 * with first and last name. Fields the contract does not name are kept in {@link #extra()} and
 * travel on with the request instead of being rejected.
 */
public record EnrichmentRequest(
        String requestId,
        String tenant,
        String email,
        String linkedinUrl,
        String domain,
        String firstName,
        String lastName,
        String company,
        Map<String, Object> attributes,
        Boolean force,
        String priority,
        @JsonAnySetter Map<String, Object> extra) {

    public static final String DEFAULT_TENANT = "default";

    public EnrichmentRequest {
        attributes = attributes == null ? Map.of() : attributes;
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> extra() {
        return extra;
    }

    /** The tenant, with the contract's default when not given. */
    public String tenantOrDefault() {
        String given = Blank.orNull(tenant);
        return given == null ? DEFAULT_TENANT : given;
    }

    /**
     * The request's lane to Clay, {@code normal} when it names none.
     *
     * @throws IllegalArgumentException when it names one the contract does not have: check
     *     {@link #problem()} first
     */
    public Priority lane() {
        return Priority.of(priority);
    }

    /** Why the request cannot be taken whatever its identity: its tenant, or its priority. */
    public java.util.Optional<String> problem() {
        return Tenants.problem(tenantOrDefault()).or(() -> Priority.problem(priority));
    }

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    /** This request with every text field that counts as missing set to null, and the rest stripped. */
    public EnrichmentRequest normalised() {
        return new EnrichmentRequest(Blank.orNull(requestId), tenantOrDefault(), Blank.orNull(email),
                Blank.orNull(linkedinUrl), Blank.orNull(domain), Blank.orNull(firstName), Blank.orNull(lastName),
                Blank.orNull(company), attributes, force, Blank.orNull(priority), extra);
    }

    /** The contact key of this request's identity, if it has a usable one. */
    public java.util.Optional<String> contactKey() {
        return io.clayenrichment.common.contact.ContactKey.of(email, linkedinUrl, domain, firstName, lastName);
    }
}
