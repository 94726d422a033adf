package io.clayenrichment.enrichment.contacts;

import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.schema.Blank;
import java.util.Optional;

/**
 * A contact key as a caller writes it in {@code GET /v1/contacts/{contact_key}}, brought to the form
 * the topology stores ({@link ContactKey}): {@code email:Ada@Example.com} finds {@code email:ada@example.com}.
 */
public final class LookupKey {

    private LookupKey() {}

    /** The stored form of {@code raw}, or empty when it is not a contact key of the contract. */
    public static Optional<String> canonical(String raw) {
        if (Blank.isMissing(raw)) {
            return Optional.empty();
        }
        String key = Blank.strip(raw);
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith(ContactKey.EMAIL_PREFIX)) {
            return ContactKey.normaliseEmail(key.substring(ContactKey.EMAIL_PREFIX.length()))
                    .map(email -> ContactKey.EMAIL_PREFIX + email);
        }
        if (lower.startsWith(ContactKey.LINKEDIN_PREFIX)) {
            return ContactKey.normaliseLinkedinUrl(key.substring(ContactKey.LINKEDIN_PREFIX.length()))
                    .map(url -> ContactKey.LINKEDIN_PREFIX + url);
        }
        if (lower.startsWith(ContactKey.NAME_PREFIX)) {
            return nameKey(key.substring(ContactKey.NAME_PREFIX.length()));
        }
        return Optional.empty();
    }

    /** {@code <domain>/<first>.<last>}: the name part is kept as given, lower-cased, since it may hold dots. */
    private static Optional<String> nameKey(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String person = rest.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        int dot = person.indexOf('.');
        if (dot <= 0 || dot == person.length() - 1) {
            return Optional.empty();
        }
        return ContactKey.normaliseDomain(rest.substring(0, slash))
                .filter(domain -> domain.equals(rest.substring(0, slash).toLowerCase(java.util.Locale.ROOT)))
                .map(domain -> ContactKey.NAME_PREFIX + domain + "/" + person);
    }
}
