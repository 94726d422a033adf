package io.clayenrichment.common.contact;

import io.clayenrichment.common.schema.Blank;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The contact key of the contract: {@code email:<lower-cased email>}, else
 * {@code linkedin:<normalised url>}, else {@code name:<domain>/<first>.<last>} lower-cased.
 * The same person written differently (case, surrounding white space, URL variants) gets the same
 * key, so the freshness cache and the in-flight de-duplication see one contact.
 */
public final class ContactKey {

    public static final String EMAIL_PREFIX = "email:";
    public static final String LINKEDIN_PREFIX = "linkedin:";
    public static final String NAME_PREFIX = "name:";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00a0\\u200b]+");
    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");

    private ContactKey() {}

    /** The key of the first usable identity, in the contract's order; empty when there is none. */
    public static Optional<String> of(String email, String linkedinUrl, String domain, String firstName,
            String lastName) {
        return normaliseEmail(email).map(e -> EMAIL_PREFIX + e)
                .or(() -> normaliseLinkedinUrl(linkedinUrl).map(u -> LINKEDIN_PREFIX + u))
                .or(() -> nameKey(domain, firstName, lastName));
    }

    /** Why none of the identities is usable, for a dead letter's detail. */
    public static String whyUnusable(String email, String linkedinUrl, String domain, String firstName,
            String lastName) {
        StringBuilder why = new StringBuilder("no usable identity: ");
        if (!Blank.isMissing(email)) {
            why.append("email '").append(abbreviate(email)).append("' is not an email address; ");
        }
        if (!Blank.isMissing(linkedinUrl)) {
            why.append("linkedin_url '").append(abbreviate(linkedinUrl)).append("' is not a LinkedIn URL; ");
        }
        boolean anyName = !Blank.isMissing(domain) || !Blank.isMissing(firstName) || !Blank.isMissing(lastName);
        if (anyName) {
            if (Blank.isMissing(domain) || Blank.isMissing(firstName) || Blank.isMissing(lastName)) {
                why.append("domain, first_name and last_name must all be given; ");
            } else {
                why.append("domain '").append(abbreviate(domain)).append("' is not a domain name; ");
            }
        }
        if (Blank.isMissing(email) && Blank.isMissing(linkedinUrl) && !anyName) {
            why.append("give email, or linkedin_url, or domain with first_name and last_name; ");
        }
        return why.substring(0, why.length() - 2);
    }

    /** The lower-cased email without surrounding white space, if it looks like an email address. */
    public static Optional<String> normaliseEmail(String email) {
        if (Blank.isMissing(email)) {
            return Optional.empty();
        }
        String candidate = Blank.strip(email).toLowerCase(Locale.ROOT);
        if (candidate.startsWith("mailto:")) {
            candidate = candidate.substring("mailto:".length());
        }
        return EMAIL.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * {@code linkedin.com/<path>} lower-cased: scheme, {@code www.} or a country subdomain, query
     * string, fragment and trailing slashes removed. Empty when the URL is not on linkedin.com or has
     * no profile path.
     */
    public static Optional<String> normaliseLinkedinUrl(String url) {
        if (Blank.isMissing(url)) {
            return Optional.empty();
        }
        String rest = SCHEME.matcher(Blank.strip(url).toLowerCase(Locale.ROOT)).replaceFirst("");
        rest = cutAt(cutAt(rest, '#'), '?');
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        host = cutAt(host, ':');
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!host.equals("linkedin.com") && !host.endsWith(".linkedin.com")) {
            return Optional.empty();
        }
        while (path.contains("//")) {
            path = path.replace("//", "/");
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || WHITESPACE.matcher(path).find()) {
            return Optional.empty();
        }
        return Optional.of("linkedin.com" + path);
    }

    /** The bare, lower-cased host of a domain or website ("https://www.Example.com/about" -> "example.com"). */
    public static Optional<String> normaliseDomain(String domain) {
        if (Blank.isMissing(domain)) {
            return Optional.empty();
        }
        String host = SCHEME.matcher(Blank.strip(domain).toLowerCase(Locale.ROOT)).replaceFirst("");
        host = cutAt(cutAt(cutAt(cutAt(host, '/'), '?'), '#'), ':');
        if (host.contains("@")) {
            host = host.substring(host.lastIndexOf('@') + 1);
        }
        // every leading "www." (a typed "www.www.example.com" is example.com), keeping at least two labels
        while (host.startsWith("www.") && host.indexOf('.', 4) > 0) {
            host = host.substring(4);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return DOMAIN.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }

    private static Optional<String> nameKey(String domain, String firstName, String lastName) {
        if (Blank.isMissing(firstName) || Blank.isMissing(lastName)) {
            return Optional.empty();
        }
        return normaliseDomain(domain)
                .map(d -> NAME_PREFIX + d + "/" + normaliseName(firstName) + "." + normaliseName(lastName));
    }

    private static String normaliseName(String name) {
        return WHITESPACE.matcher(Blank.strip(name).toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    private static String cutAt(String text, char stop) {
        int at = text.indexOf(stop);
        return at < 0 ? text : text.substring(0, at);
    }

    private static String abbreviate(String text) {
        String stripped = Blank.strip(text);
        return stripped.length() <= 80 ? stripped : stripped.substring(0, 77) + "...";
    }
}
