package io.clayenrichment.sandbox.webhook;

import io.clayenrichment.sandbox.http.Reply;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code POST /webhooks/{sourceId}}: HTTP plumbing around {@link WebhookIntake}. */
public final class WebhookEndpoint {

    public static final String PATH = "/webhooks/";

    private final WebhookIntake intake;
    private final ScheduledExecutorService scheduler;

    public WebhookEndpoint(WebhookIntake intake, ScheduledExecutorService scheduler) {
        this.intake = intake;
        this.scheduler = scheduler;
    }

    public void register(RoutesConfig routes) {
        routes.post(PATH + "{sourceId}", this::post);
    }

    private void post(Context ctx) {
        Reply reply = intake.handle(ctx.pathParam("sourceId"), ctx.header(WebhookIntake.AUTH_HEADER),
                ctx.req().getContentLengthLong(), limit -> ctx.req().getInputStream().readNBytes(limit + 1));
        if (reply.delay().isZero()) {
            reply.writeTo(ctx);
            return;
        }
        // A slow answer holds no request thread while it waits.
        ctx.future(() -> {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            scheduler.schedule(() -> answered.complete(null), reply.delay().toNanos(), TimeUnit.NANOSECONDS);
            return answered.thenRun(() -> reply.writeTo(ctx));
        });
    }
}
