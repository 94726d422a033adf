package io.clayenrichment.common.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready}, answered alike by both services, so one probe
 * configuration and one dashboard read both: 200 {@code {"status":"live"}} / {@code {"status":"ready"}},
 * or 503 {@code {"status":"not_live"|"not_ready","error":...,"detail":...}}, each with the service's
 * facts (e.g. {@code "streams":"RUNNING"}) added. A failing check is an error answer like any other
 * ({@code error} and {@code detail}), so a client that reads errors reads it too.
 */
public final class Health {

    public static final String LIVE_PATH = "/health/live";
    public static final String READY_PATH = "/health/ready";

    private Health() {}

    /**
     * What a health check found.
     *
     * @param passes whether the service passes it
     * @param why what fails, for the {@code detail}; null when it passes
     * @param facts what the service shows in the answer (component states), never a secret
     */
    public record Check(boolean passes, String why, Map<String, String> facts) {

        private static final Set<String> TAKEN = Set.of("status", "error", "detail");

        public Check {
            if (passes == (why != null)) {
                throw new IllegalArgumentException(passes ? "a passing check has no why" : "a failing check says why");
            }
            facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts)); // in the service's order
            if (facts.keySet().stream().anyMatch(TAKEN::contains)) {
                throw new IllegalArgumentException("a fact may not be named " + TAKEN + ": " + facts.keySet());
            }
        }

        public static Check passing() {
            return new Check(true, null, Map.of());
        }

        public static Check passing(Map<String, String> facts) {
            return new Check(true, null, facts);
        }

        public static Check failing(String why, Map<String, String> facts) {
            return new Check(false, why, facts);
        }
    }

    /** Registers both routes; they need no token. */
    public static void register(JavalinConfig config, Supplier<Check> live, Supplier<Check> ready) {
        config.routes.get(LIVE_PATH, ctx -> answer(ctx, live.get(), "live", ErrorCode.NOT_LIVE));
        config.routes.get(READY_PATH, ctx -> answer(ctx, ready.get(), "ready", ErrorCode.NOT_READY));
    }

    private static void answer(Context ctx, Check check, String passing, ErrorCode failing) {
        Map<String, String> body = new LinkedHashMap<>();
        if (check.passes()) {
            body.put("status", passing);
        } else {
            body.put("status", failing.wire());
            body.put("error", failing.wire());
            body.put("detail", check.why());
        }
        body.putAll(check.facts());
        JsonAnswer.write(ctx, check.passes() ? 200 : failing.status(), body);
    }
}
