package io.clayenrichment.receiver;

import io.clayenrichment.common.http.BodyLimit;
import io.clayenrichment.common.http.Health;
import io.clayenrichment.receiver.auth.CallbackAuthenticator;
import io.clayenrichment.common.auth.IntakeAuthenticator;
import io.clayenrichment.receiver.auth.SignatureVerifier;
import io.clayenrichment.common.auth.StaticSecrets;
import io.clayenrichment.receiver.callback.CallbackEndpoint;
import io.clayenrichment.receiver.callback.CallbackParser;
import io.clayenrichment.receiver.callback.RecentCallbacks;
import io.clayenrichment.receiver.health.KafkaReachability;
import io.clayenrichment.receiver.http.HttpServer;
import io.clayenrichment.receiver.intake.IntakeEndpoint;
import io.clayenrichment.common.intake.RequestBatchParser;
import io.clayenrichment.receiver.metrics.CallbackMetrics;
import io.clayenrichment.receiver.metrics.IntakeMetrics;
import io.clayenrichment.receiver.publish.KafkaRequestPublisher;
import io.clayenrichment.receiver.publish.KafkaResultPublisher;
import io.clayenrichment.receiver.publish.ResultPublisher;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The running receiver: its Kafka producer, readiness probe, metrics and HTTP server, wired from the
 * settings. {@link #close()} is the graceful shutdown: not ready, stop taking requests and finish
 * those in flight, then flush and close the producer.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** How often readiness asks Kafka; a change shows within two of these (under the 10 s the contract allows). */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(3);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaReachability kafka;
    private final ResultPublisher publisher;
    private final KafkaRequestPublisher requestPublisher;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final HttpServer http;
    private volatile boolean stopping;

    private WebhookReceiver(ReceiverSettings settings, Function<PrometheusMeterRegistry, ResultPublisher> publisher) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        this.kafka = new KafkaReachability(settings.kafka(), PROBE_INTERVAL).start();
        Gauge.builder("clay.enrichment.receiver.kafka.reachable", kafka, k -> k.isReachable() ? 1 : 0)
                .description("1 while the readiness probe reaches Kafka, else 0")
                .register(registry);
        this.publisher = publisher.apply(registry);
        BodyLimit bodyLimit = new BodyLimit(settings.maxBodyBytes(), "MAX_BODY_BYTES");
        CallbackEndpoint endpoint = new CallbackEndpoint(
                new CallbackAuthenticator(new StaticSecrets(settings.callbackSecrets()),
                        new SignatureVerifier(settings.signingSecrets(), settings.signatureTolerance()),
                        Clock.systemUTC()),
                new CallbackParser(),
                new RecentCallbacks(settings.duplicateCacheSize()),
                this.publisher,
                new CallbackMetrics(registry),
                Clock.systemUTC(),
                bodyLimit,
                settings.publishTimeout());
        IntakeMetrics intakeMetrics = new IntakeMetrics(registry);
        this.requestPublisher = settings.intakeEnabled() ? new KafkaRequestPublisher(settings.kafka(),
                settings.topics().requests().name(), settings.publishTimeout(), settings.shutdownGrace(), registry)
                : null;
        Handler intake = requestPublisher == null ? IntakeEndpoint.disabled(intakeMetrics) : new IntakeEndpoint(
                new IntakeAuthenticator(settings.intakeTokens()),
                new RequestBatchParser(settings.intakeMaxBatch(), () -> UUID.randomUUID().toString()),
                requestPublisher, intakeMetrics, bodyLimit, settings.publishTimeout());
        this.http = new HttpServer(settings.httpPort(), settings.shutdownGrace(), bodyLimit, endpoint, intake,
                this::readiness, registry);
    }

    /** Ready while Kafka is reachable and the receiver is not stopping (so a load balancer stops sending first). */
    private Health.Check readiness() {
        boolean reachable = kafka.isReachable();
        Map<String, String> facts = Map.of("kafka", reachable ? "reachable" : "unreachable");
        if (stopping) {
            return Health.Check.failing("the receiver is stopping", facts);
        }
        return reachable ? Health.Check.passing(facts) : Health.Check.failing("Kafka is not reachable", facts);
    }

    /** Starts a receiver publishing to Kafka as the settings say. */
    public static WebhookReceiver start(ReceiverSettings settings) {
        return start(settings, registry -> new KafkaResultPublisher(settings.kafka(), settings.topics().results(),
                settings.publishTimeout(), settings.shutdownGrace(), registry));
    }

    /** Starts a receiver with another publisher (the benchmark's baseline acknowledges without Kafka). */
    public static WebhookReceiver start(ReceiverSettings settings,
            Function<PrometheusMeterRegistry, ResultPublisher> publisher) {
        WebhookReceiver receiver = new WebhookReceiver(settings, publisher);
        try {
            receiver.http.start();
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        stopping = true;
        http.stop();
        publisher.close();
        if (requestPublisher != null) {
            requestPublisher.close();
        }
        kafka.close();
        gcMetrics.close();
        registry.close();
    }
}
