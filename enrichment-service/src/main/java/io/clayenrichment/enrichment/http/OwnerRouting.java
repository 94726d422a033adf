package io.clayenrichment.enrichment.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import io.clayenrichment.common.http.JsonAnswer;
import io.clayenrichment.common.json.Json;
import io.clayenrichment.enrichment.cluster.KeyOwner;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads of state that lives on one instance (a contact, a tenant's spend): read here when this
 * instance holds the key, else the owner's answer is relayed as it is. A forwarded request is never
 * forwarded again: if the key moved meanwhile, or nobody holds it (rebalancing), or the owner does not
 * answer, the caller gets 503 with {@code Retry-After: 1}, never an answer from the wrong instance.
 * Forwarded requests carry the caller's {@code Authorization}: the owner checks it and answers only
 * what the caller may see, and each route vets the relayed answer again (an owner of an older version,
 * during a rolling upgrade, may not check).
 */
public final class OwnerRouting {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerRouting.class);

    private final KeyOwner owners;
    private final OwnerForwarder forwarder;

    public OwnerRouting(KeyOwner owners, OwnerForwarder forwarder) {
        this.owners = owners;
        this.forwarder = forwarder;
    }

    /**
     * The partition of {@code store} to read {@code key} from here; empty when the owner's answer to
     * {@code GET path}, passed through {@code vet}, was relayed into {@code ctx}.
     *
     * @param vet what the caller may see of the owner's answer (the answer itself, or one to give instead)
     * @throws ApiError 503 when no instance can answer for the key now
     */
    OptionalInt route(Context ctx, String store, String key, String path, UnaryOperator<OwnerForwarder.Reply> vet)
            throws InterruptedException {
        KeyOwner.Owner owner = owners.of(store, key);
        if (owner instanceof KeyOwner.Owner.Here here) {
            return OptionalInt.of(here.partition());
        }
        if (owner instanceof KeyOwner.Owner.Unavailable unavailable) {
            throw unavailable(unavailable.why());
        }
        HostInfo host = ((KeyOwner.Owner.Elsewhere) owner).host();
        if (OwnerForwarder.isForwarded(ctx)) {
            throw unavailable("the key moved to " + host + " while the request was forwarded here");
        }
        try {
            OwnerForwarder.Reply reply = vet.apply(forwarder.get(host, path, ctx.header("Authorization")));
            JsonAnswer.writeJson(ctx, reply.status(), reply.body());
            return OptionalInt.empty();
        } catch (IOException e) {
            LOG.warn("{}: owner {} did not answer: {}", path, host, e.toString());
            throw unavailable("the instance holding the key (" + host + ") did not answer: " + e);
        }
    }

    /**
     * The partition of {@code store} holding {@code key} when this instance owns it, empty when another
     * instance does.
     *
     * @throws ApiError 503 when no instance can answer for the key now
     */
    OptionalInt partitionHere(String store, String key) {
        KeyOwner.Owner owner = owners.of(store, key);
        if (owner instanceof KeyOwner.Owner.Unavailable unavailable) {
            throw unavailable(unavailable.why());
        }
        return owner instanceof KeyOwner.Owner.Here here ? OptionalInt.of(here.partition()) : OptionalInt.empty();
    }

    /**
     * What is known of {@code key} of {@code store}: {@code here} of its partition when this instance
     * owns it, else {@code fromOwner} of the owner's JSON answer to {@code GET path}; empty when no
     * instance answers 200 for it now.
     */
    <T> Optional<T> read(Context ctx, String store, String key, String path, IntFunction<T> here,
            Function<JsonNode, T> fromOwner) throws InterruptedException {
        KeyOwner.Owner owner = owners.of(store, key);
        if (owner instanceof KeyOwner.Owner.Here ours) {
            return Optional.of(here.apply(ours.partition()));
        }
        if (owner instanceof KeyOwner.Owner.Elsewhere elsewhere && !OwnerForwarder.isForwarded(ctx)) {
            try {
                OwnerForwarder.Reply reply = forwarder.get(elsewhere.host(), path, ctx.header("Authorization"));
                if (reply.status() == 200) {
                    return Optional.of(fromOwner.apply(Json.mapper().readTree(reply.body())));
                }
            } catch (IOException e) {
                LOG.warn("{}: owner {} did not answer: {}", path, elsewhere.host(), e.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * The JSON answer of every other instance holding tasks of {@code store} to {@code GET path}, each
     * answering for its own part (the request is marked forwarded) as the caller may see it.
     *
     * @throws ApiError 503 when one of them does not answer 200
     */
    List<JsonNode> fromOthers(Context ctx, String store, String path) throws InterruptedException {
        List<JsonNode> answers = new ArrayList<>();
        for (HostInfo other : owners.others(store)) {
            try {
                OwnerForwarder.Reply reply = forwarder.get(other, path, ctx.header("Authorization"));
                if (reply.status() != 200) {
                    throw new IOException("HTTP " + reply.status());
                }
                answers.add(Json.mapper().readTree(reply.body()));
            } catch (IOException e) {
                LOG.warn("{}: instance {} did not answer: {}", path, other, e.toString());
                throw unavailable("the instance holding part of the answer (" + other + ") did not answer: "
                        + e.getMessage());
            }
        }
        return answers;
    }

    /** 503 {@code unavailable}: the key's owner is about to be known again, so ask again in a second. */
    static ApiError unavailable(String why) {
        return new ApiError(ErrorCode.UNAVAILABLE, why).retryAfter(Duration.ofSeconds(1));
    }
}
