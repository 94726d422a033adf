package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.enrichment.contacts.ContactLookup;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.clayenrichment.enrichment.contacts.LookupKey;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET /v1/contacts/{contact_key}}: the latest successful Clay result for a contact, answered by
 * any instance: the one holding the key answers from its store, any other relays its answer
 * ({@link OwnerRouting}).
 */
public final class ContactRoutes {

    private static final String PARAM = "contact_key";

    private final ContactLookup lookup;
    private final OwnerRouting routing;
    private final MeterRegistry registry;

    public ContactRoutes(ContactLookup lookup, OwnerRouting routing, MeterRegistry registry) {
        this.lookup = lookup;
        this.routing = routing;
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
        OptionalInt here;
        try {
            here = routing.route(ctx, StoreNames.CONTACTS, key, "/v1/contacts/" + OwnerForwarder.pathSegment(key));
        } catch (ApiError e) {
            count("unavailable");
            throw e;
        }
        if (here.isEmpty()) {
            count("forwarded");
            return;
        }
        Optional<EnrichmentResult> result = lookup.find(key, here.getAsInt());
        if (result.isPresent()) {
            count("found");
            HttpApi.json(ctx, 200, result.get());
        } else {
            count("unknown");
            HttpApi.json(ctx, 404, new ApiError.Body("not_found", "no successful enrichment of " + key));
        }
    }

    private void count(String outcome) {
        Counter.builder("clay.enrichment.contact.lookups").tag("outcome", outcome)
                .description("GET /v1/contacts/{contact_key} answers by outcome").register(registry).increment();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
