package io.clayenrichment.enrichment.http;

import io.clayenrichment.enrichment.contacts.ContactLookup;
import io.clayenrichment.enrichment.contacts.LookupKey;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/contacts/{contact_key}}: the latest successful Clay result for a contact, answered by
 * any instance. The one holding the key answers from its store; any other forwards the request to it
 * once (a forwarded request is never forwarded again: if ownership moved meanwhile, 503 and retry).
 */
public final class ContactRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ContactRoutes.class);
    private static final String PARAM = "contact_key";

    private final ContactLookup lookup;
    private final OwnerForwarder forwarder;
    private final MeterRegistry registry;

    public ContactRoutes(ContactLookup lookup, OwnerForwarder forwarder, MeterRegistry registry) {
        this.lookup = lookup;
        this.forwarder = forwarder;
        this.registry = registry;
    }

    public void register(JavalinConfig config) {
        // <...> takes slashes: LinkedIn and name keys hold them, encoded or not.
        config.routes.get("/v1/contacts/<" + PARAM + ">", this::get);
    }

    private void get(Context ctx) throws InterruptedException {
        String raw = ctx.pathParam(PARAM);
        String key = LookupKey.canonical(raw).orElseThrow(() -> {
            count("invalid");
            return new ApiError(400, "invalid_contact_key", "expected email:<address>, linkedin:<linkedin.com/...> or "
                    + "name:<domain>/<first>.<last>, URL-encoded; got '" + abbreviate(raw) + "'");
        });
        boolean forwarded = OwnerForwarder.isForwarded(ctx);
        ContactLookup.Answer answer = lookup.find(key);
        if (answer instanceof ContactLookup.Answer.Found found) {
            count("found");
            HttpApi.json(ctx, 200, found.result());
        } else if (answer instanceof ContactLookup.Answer.Unknown) {
            count("unknown");
            HttpApi.json(ctx, 404, new ApiError.Body("not_found", "no successful enrichment of " + key));
        } else if (answer instanceof ContactLookup.Answer.Elsewhere elsewhere) {
            if (forwarded) {
                unavailable(ctx, "the key moved to " + elsewhere.owner() + " while the request was forwarded here");
            }
            forward(ctx, elsewhere, key);
        } else {
            unavailable(ctx, ((ContactLookup.Answer.Unavailable) answer).why());
        }
    }

    private void forward(Context ctx, ContactLookup.Answer.Elsewhere elsewhere, String key)
            throws InterruptedException {
        try {
            OwnerForwarder.Reply reply = forwarder.get(elsewhere.owner(), "/v1/contacts/" + OwnerForwarder.pathSegment(key));
            count("forwarded");
            ctx.status(reply.status()).contentType("application/json").result(reply.body());
        } catch (IOException e) {
            LOG.warn("contact lookup: owner {} did not answer: {}", elsewhere.owner(), e.toString());
            unavailable(ctx, "the instance holding the key (" + elsewhere.owner() + ") did not answer: " + e);
        }
    }

    private void unavailable(Context ctx, String why) {
        count("unavailable");
        ctx.header("Retry-After", "1");
        throw new ApiError(503, "unavailable", why);
    }

    private void count(String outcome) {
        Counter.builder("clay.enrichment.contact.lookups").tag("outcome", outcome)
                .description("GET /v1/contacts/{contact_key} answers by outcome").register(registry).increment();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
