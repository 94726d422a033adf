package io.clayenrichment.sandbox;

import io.clayenrichment.sandbox.admin.AdminEndpoints;
import io.clayenrichment.sandbox.callback.CallbackDelivery;
import io.clayenrichment.sandbox.enrich.Enricher;
import io.clayenrichment.sandbox.enrich.RowPipeline;
import io.clayenrichment.sandbox.faults.Dice;
import io.clayenrichment.sandbox.faults.Faults;
import io.clayenrichment.sandbox.faults.RateLimit;
import io.clayenrichment.sandbox.http.Reply;
import io.clayenrichment.sandbox.stats.SandboxMetrics;
import io.clayenrichment.sandbox.stats.SandboxStats;
import io.clayenrichment.sandbox.stats.StatsRecorder;
import io.clayenrichment.sandbox.webhook.SourceStateFile;
import io.clayenrichment.sandbox.webhook.Sources;
import io.clayenrichment.sandbox.webhook.TokenBucket;
import io.clayenrichment.sandbox.webhook.WebhookEndpoint;
import io.clayenrichment.sandbox.webhook.WebhookIntake;
import io.clayenrichment.sandbox.webhook.WorkspaceGate;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for a Clay workspace: webhook sources that take rows the way Clay's table webhooks
 * do (auth, size limit, workspace rate limit, lifetime cap per URL), a table that enriches each row
 * with made-up data after a delay, and an HTTP API column that posts the result back. Faults can be
 * switched on and off while it runs. Start it in-process with {@link #start(SandboxSettings)} or as
 * a program with {@link ClaySandboxMain}.
 */
public final class ClaySandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClaySandbox.class);

    private final SandboxSettings settings;
    private final Faults faults;
    private final PrometheusMeterRegistry registry;
    private final StatsRecorder stats;
    private final Sources sources;
    private final WebhookIntake intake;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Javalin app;
    private final URI baseUrl;

    private ClaySandbox(SandboxSettings settings, LongSupplier nanoTicker, Clock clock) {
        this.settings = settings;
        this.faults = new Faults(settings.faults());
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.stats = new StatsRecorder(clock, nanoTicker, new SandboxMetrics(registry));
        this.sources = new Sources(settings.urlSubmissionCap(), settings.allWorkspaces().stream()
                        .flatMap(workspace -> workspace.sources().stream()).toList(),
                settings.stateFile() == null ? null : new SourceStateFile(settings.stateFile()));
        this.scheduler = scheduler();
        this.workers = Executors.newFixedThreadPool(settings.callbackWorkers(), daemonThreads("sandbox-callback"));
        Dice dice = new Dice(settings.seed());
        CallbackDelivery delivery = settings.callbackUrl() == null ? null
                : new CallbackDelivery(settings.callbackUrl(), settings.callbackSecret(), settings.callbackRetries(),
                        settings.callbackBackoff(), settings.callbackTimeout(), workers, scheduler, stats, clock);
        RowPipeline pipeline = new RowPipeline(new Enricher(dice), dice, faults, stats, scheduler, delivery,
                settings.enrichDelay(), settings.enrichJitter(), settings.creditsPerRow());
        List<WorkspaceGate> workspaces = settings.allWorkspaces().stream().map(workspace -> new WorkspaceGate(
                workspace.name(), workspace.sources(), workspace.webhookToken(), workspace.rateLimit(),
                new TokenBucket(nanoTicker))).toList();
        this.intake = new WebhookIntake(sources, workspaces, settings.maxPayloadBytes(), faults, dice, stats, pipeline);
        WebhookEndpoint webhooks = new WebhookEndpoint(intake, scheduler);
        AdminEndpoints admin = new AdminEndpoints(this);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            // No graceful drain: Jetty's would hold every close for a second of idle keep-alive
            // connections, and a sandbox's callers retry refused rows by design.
            config.jetty.modifyServer(server -> server.setStopTimeout(0));
            webhooks.register(config.routes);
            admin.register(config.routes);
            // Javalin's own refusals (no such endpoint, wrong method) in the platform's JSON error shape.
            config.routes.exception(HttpResponseException.class, (e, ctx) -> Reply.error(e.getStatus(),
                    e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(), e.getMessage()).writeTo(ctx));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                Reply.error(500, "internal_error", e.getClass().getSimpleName()).writeTo(ctx);
            });
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            // A port in use: leave no threads behind for a test that tries again.
            scheduler.shutdownNow();
            workers.shutdownNow();
            throw e;
        }
        this.baseUrl = settings.publicUrl() != null ? settings.publicUrl()
                : URI.create("http://127.0.0.1:" + app.port());
        schedulePeriodicWork();
    }

    /** Starts a sandbox with real time. */
    public static ClaySandbox start(SandboxSettings settings) {
        return start(settings, System::nanoTime);
    }

    /**
     * Starts a sandbox whose rate limiting reads time from {@code nanoTicker}: a test that freezes it
     * gets an exact token count instead of one that depends on how fast the machine is.
     */
    public static ClaySandbox start(SandboxSettings settings, LongSupplier nanoTicker) {
        return new ClaySandbox(settings, nanoTicker, Clock.systemUTC());
    }

    public SandboxSettings settings() {
        return settings;
    }

    public int port() {
        return app.port();
    }

    /** Where the platform reaches the sandbox, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The webhook URL of source {@code sourceId}, as Clay shows it for a table's webhook source. */
    public URI webhookUrl(String sourceId) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + WebhookEndpoint.PATH + sourceId);
    }

    public SandboxStats stats() {
        return stats.snapshot(sources.submissions());
    }

    /** The fault settings, changeable while the sandbox runs. */
    public Faults faults() {
        return faults;
    }

    /** The workspace rate limit in force (the runtime override, else the configured one). */
    public RateLimit rateLimit() {
        return intake.rateLimit();
    }

    /** The Prometheus text of the sandbox's meters (never reset, unlike {@link #stats()}). */
    public String scrapeMetrics() {
        return registry.scrape();
    }

    public Sources sources() {
        return sources;
    }

    /** Creates webhook source {@code id} and answers its URL. */
    public URI createSource(String id) {
        sources.create(id);
        LOG.info("webhook source {} created: {}", id, webhookUrl(id));
        return webhookUrl(id);
    }

    /** Deletes webhook source {@code id}: its URL answers 404 from now on. False when there was none. */
    public boolean deleteSource(String id) {
        boolean deleted = sources.delete(id);
        if (deleted) {
            LOG.info("webhook source {} deleted", id);
        }
        return deleted;
    }

    /** Clears the counters of {@link #stats()}; lifetime submissions per URL stay. */
    public void reset() {
        stats.reset();
        LOG.info("counters reset");
    }

    /** Forgets the lifetime submissions of every URL, as a fresh workspace would have none. */
    public void resetSubmissions() {
        sources.resetSubmissions();
        LOG.info("lifetime submissions reset");
    }

    @Override
    public void close() {
        app.stop();
        long pending = stats().callbacks().pending();
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sources.flush();
        registry.close();
        LOG.info("clay sandbox stopped; {} rows were still waiting for enrichment or callback", pending);
    }

    private void schedulePeriodicWork() {
        for (WorkspaceSettings workspace : settings.allWorkspaces()) {
            LOG.info("workspace {}: sources {}, {} requests/s with bursts of {}, webhook token {}", workspace.name(),
                    workspace.sources(), workspace.rateLimitPerSecond(), workspace.rateLimitBurst(),
                    workspace.webhookToken().isEmpty() ? "none" : "[set]");
        }
        LOG.info("clay sandbox listening on {}; webhooks: {}; callbacks to {}; admin: {}/admin/stats", baseUrl,
                sources.list().stream().filter(s -> !s.deleted()).map(s -> webhookUrl(s.id()).toString()).toList(),
                settings.callbackUrl() == null ? "nowhere (SANDBOX_CALLBACK_URL is empty)" : settings.callbackUrl(),
                baseUrl);
        Duration interval = settings.statsLogInterval();
        if (!interval.isZero()) {
            scheduler.scheduleAtFixedRate(this::logCounts, interval.toNanos(), interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        if (settings.stateFile() != null) {
            scheduler.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void logCounts() {
        SandboxStats s = stats();
        LOG.info("received {} accepted {} rejected {} {}; enriched {}; callbacks sent {} failed {} lost {} "
                        + "duplicated {} pending {}; credits charged {}; max rate {}/s", s.received(), s.accepted(),
                s.rejected(), s.rejectedByStatus(), s.enriched(), s.callbacks().sent(), s.callbacks().failed(),
                s.callbacks().lost(), s.callbacks().duplicated(), s.callbacks().pending(), s.creditsCharged(),
                s.maxObservedRate());
    }

    private void flushQuietly() {
        try {
            sources.flush();
        } catch (RuntimeException e) {
            LOG.warn("could not save submission counts: {}", e.getMessage());
        }
    }

    private static ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("sandbox-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
