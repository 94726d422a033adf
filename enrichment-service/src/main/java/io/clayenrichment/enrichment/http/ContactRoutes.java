package io.clayenrichment.enrichment.http;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.enrichment.contacts.ContactLookup;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.clayenrichment.enrichment.contacts.LookupKey;
import io.clayenrichment.enrichment.topology.StoreNames;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET /v1/contacts/{contact_key}}: the latest successful Clay result for a contact that the
 * caller's token may see, answered by any instance: the one holding the key answers from its store,
 * any other relays its answer ({@link OwnerRouting}).
 *
 * <p>A result of a tenant outside the caller's scope is answered exactly like no result (404
 * {@code not_found}, counted as {@code unknown}), never 403: a 403 would tell a scoped caller that some
 * other tenant enriched this person, and a caller could probe e-mail addresses to learn another
 * tenant's contacts. Budgets differ: the tenant is in the path, so a 403 there tells nothing new.
 */
public final class ContactRoutes {

    private static final String PARAM = "contact_key";

    private final ContactLookup lookup;
    private final OwnerRouting routing;
    private final AccessGuard guard;
    private final MeterRegistry registry;

    public ContactRoutes(ContactLookup lookup, OwnerRouting routing, AccessGuard guard, MeterRegistry registry) {
        this.lookup = lookup;
        this.routing = routing;
        this.guard = guard;
        this.registry = registry;
    }

    public void register(JavalinConfig config) {
        // <...> takes slashes: LinkedIn and name keys hold them, encoded or not.
        config.routes.get("/v1/contacts/<" + PARAM + ">", this::get);
    }

    private void get(Context ctx) throws InterruptedException {
        TenantScope scope;
        try {
            // before anything else, so a caller without a token learns nothing, not even about key syntax
            scope = guard.reader(ctx);
        } catch (ApiError e) {
            count("unauthorized");
            throw e;
        }
        String raw = ctx.pathParam(PARAM);
        String key = LookupKey.canonical(raw).orElseThrow(() -> {
            count("invalid");
            return new ApiError(ErrorCode.INVALID_CONTACT_KEY, "expected email:<address>, linkedin:<linkedin.com/...> or "
                    + "name:<domain>/<first>.<last>, URL-encoded; got '" + abbreviate(raw) + "'");
        });
        OptionalInt here;
        try {
            here = routing.route(ctx, StoreNames.CONTACTS, key, "/v1/contacts/" + OwnerForwarder.pathSegment(key),
                    reply -> visible(reply, scope, key));
        } catch (ApiError e) {
            count("unavailable");
            throw e;
        }
        if (here.isEmpty()) {
            count("forwarded");
            return;
        }
        Optional<EnrichmentResult> result = lookup.find(key, here.getAsInt(), scope);
        if (result.isPresent()) {
            count("found");
            JsonAnswer.write(ctx, 200, result.get());
        } else {
            count("unknown");
            notFound(key).writeTo(ctx);
        }
    }

    /** The owner's answer as the caller may see it: a result of another tenant becomes the 404 of no result. */
    private static OwnerForwarder.Reply visible(OwnerForwarder.Reply reply, TenantScope scope, String key) {
        if (reply.status() != 200) {
            return reply;
        }
        String tenant;
        try {
            tenant = Json.mapper().readTree(reply.body()).path("tenant").textValue();
        } catch (IOException e) {
            tenant = null;
        }
        return scope.allows(tenant) ? reply : new OwnerForwarder.Reply(404, Json.writeString(notFound(key).body()));
    }

    private static ApiError notFound(String key) {
        return new ApiError(ErrorCode.NOT_FOUND, "no successful enrichment of " + key);
    }

    private void count(String outcome) {
        Counter.builder("clay.enrichment.contact.lookups").tag("outcome", outcome)
                .description("GET /v1/contacts/{contact_key} answers by outcome").register(registry).increment();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
