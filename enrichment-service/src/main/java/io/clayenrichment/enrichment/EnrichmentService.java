package io.clayenrichment.enrichment;

import io.clayenrichment.common.topics.TopicProvisioner;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.access.AccessSettings;
import io.clayenrichment.common.auth.TenantScope;
import io.clayenrichment.enrichment.budget.BudgetView;
import io.clayenrichment.enrichment.budget.BudgetWriter;
import io.clayenrichment.enrichment.cluster.KeyOwner;
import io.clayenrichment.enrichment.cluster.OwnerForwarder;
import io.clayenrichment.enrichment.dispatch.ClayDispatcher;
import io.clayenrichment.enrichment.contacts.StoreContactLookup;
import io.clayenrichment.enrichment.http.AccessGuard;
import io.clayenrichment.enrichment.http.BudgetRoutes;
import io.clayenrichment.enrichment.http.WorkspaceRoutes;
import io.clayenrichment.enrichment.http.ContactRoutes;
import io.clayenrichment.enrichment.http.EnrichRoutes;
import io.clayenrichment.enrichment.http.HttpApi;
import io.clayenrichment.enrichment.http.OwnerRouting;
import io.clayenrichment.enrichment.metrics.MicrometerTopologyMetrics;
import io.clayenrichment.enrichment.metrics.TenantLabels;
import io.clayenrichment.enrichment.sync.OutcomeWatch;
import io.clayenrichment.enrichment.sync.RequestSubmitter;
import io.clayenrichment.enrichment.sync.Waiters;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import io.clayenrichment.common.config.SettingsException;
import java.util.List;
import java.util.Properties;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrichment service: creates missing topics, then starts its components in order (Kafka
 * Streams, its metrics, the budget writer) and closes them in reverse, and serves HTTP from start to
 * the very end (health answers while Streams closes). A new component (such as the Clay dispatcher)
 * is one more entry in {@link #start}.
 */
public final class EnrichmentService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentService.class);
    /** A forwarded read (contact, budget) is a local store read on the owner: answered in milliseconds, or lost. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);
    /** A budget change is folded and reaches every global store within milliseconds; past this PUT answers 202. */
    private static final Duration BUDGET_FOLD_PATIENCE = Duration.ofSeconds(5);

    private final List<AutoCloseable> components;
    private final StreamsComponent streams;
    private final HttpApi http;

    private EnrichmentService(List<AutoCloseable> components, StreamsComponent streams, HttpApi http) {
        this.components = components;
        this.streams = streams;
        this.http = http;
    }

    public static EnrichmentService start(EnrichmentSettings configured) throws Exception {
        createTopics(configured);
        EnrichmentSettings settings = withRefreshPartitions(configured);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            MicrometerTopologyMetrics metrics = new MicrometerTopologyMetrics(registry,
                    new TenantLabels(settings.topology().tenants()));
            HostInfo self = new HostInfo(settings.advertisedHost(), httpPort(settings));
            StreamsComponent streams = StreamsComponent.start(settings, metrics, self);
            started.add(streams);
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams.streams());
            streamsMetrics.bindTo(registry);
            started.add(streamsMetrics);
            BudgetWriter writer = new BudgetWriter(settings.kafka().toProperties(),
                    settings.topology().budgetChangesTopic());
            started.add(writer);
            Optional<ClayDispatcher> dispatcher = settings.dispatcher().map(dispatch -> new ClayDispatcher(dispatch,
                    settings.topology().topics(), settings.kafka().toProperties(), registry));
            if (dispatcher.isPresent()) {
                started.add(dispatcher.get());
                dispatcher.get().start();
            }
            OwnerRouting routing = new OwnerRouting(new KeyOwner(streams.streams(), self),
                    new OwnerForwarder(FORWARD_TIMEOUT, self));
            AccessGuard guard = new AccessGuard(settings.access());
            BudgetView budgetView = new BudgetView(streams.streams(), settings.topology().budgets());
            WorkspaceRoutes workspace = new WorkspaceRoutes(settings.topology().workspace(),
                    settings.topology().budgets(), streams.streams(), budgetView, routing, writer, guard,
                    Clock.systemUTC(), BUDGET_FOLD_PATIENCE);
            BudgetRoutes budgets = new BudgetRoutes(budgetView, settings.topology().tenants(), routing, writer, guard,
                    Clock.systemUTC(), BUDGET_FOLD_PATIENCE, workspace);
            Readiness readiness = new Readiness(streams, dispatcher);
            ContactRoutes contacts = new ContactRoutes(new StoreContactLookup(streams.streams()), routing, guard,
                    registry);
            Consumer<JavalinConfig> routes = budgets::register;
            routes = routes.andThen(workspace::register).andThen(contacts::register)
                    .andThen(syncApi(settings, registry, started));
            HttpApi http = HttpApi.start(self.port(), readiness::live, readiness::ready, readiness::describe,
                    registry, routes);
            logAccess(settings.access());
            return new EnrichmentService(started, streams, http);
        } catch (Exception | Error e) {
            closeAll(started);
            throw e;
        }
    }

    /** What the tokens allow, by count and scope size only: tokens never reach the log. */
    private static void logAccess(AccessSettings access) {
        if (access.operatorToken().isEmpty()) {
            LOG.warn("OPERATOR_TOKEN is not set: PUT /v1/budgets answers 503");
        }
        if (!access.readsPossible()) {
            LOG.warn("neither READ_TOKENS nor OPERATOR_TOKEN is set: GET /v1/budgets and /v1/contacts answer 401");
        }
        long scoped = access.readTokens().stream().filter(token -> token.scope() instanceof TenantScope.Only).count();
        LOG.info("{} read token(s), {} of them scoped to tenants", access.readTokens().size(), scoped);
    }

    /**
     * {@code POST /v1/enrich}: its producer and its outcome watch start with the service (the watch
     * before the route serves, so no outcome is missed); without INTAKE_TOKENS only a 404 saying so.
     */
    private static Consumer<JavalinConfig> syncApi(EnrichmentSettings settings, PrometheusMeterRegistry registry,
            List<AutoCloseable> started) {
        if (!settings.sync().enabled()) {
            LOG.info("INTAKE_TOKENS is not set: POST /v1/enrich answers 404");
            return EnrichRoutes::registerDisabled;
        }
        Waiters waiters = new Waiters(settings.sync().maxWaiters());
        RequestSubmitter submitter = new RequestSubmitter(settings.kafka().toProperties(),
                settings.topology().topics().requests().name());
        started.add(submitter);
        started.add(OutcomeWatch.start(settings.kafka().toProperties(), settings.topology().topics(), waiters));
        return new EnrichRoutes(settings.sync(), submitter, waiters, registry)::register;
    }

    /**
     * The HTTP port, chosen before Kafka Streams starts because Streams advertises it to the other
     * instances; HTTP_PORT=0 (tests) takes a free port now, which another process could take in the
     * moment before the server binds it (the start then fails, it never serves the wrong port).
     */
    private static int httpPort(EnrichmentSettings settings) throws IOException {
        if (settings.httpPort() != 0) {
            return settings.httpPort();
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static EnrichmentSettings withRefreshPartitions(EnrichmentSettings settings) throws Exception {
        if (!settings.topology().refresh().enabled()) {
            return settings;
        }
        EnrichmentSettings known = settings.withRefreshPartitions(
                DeciderPartitions.count(settings.kafka().toProperties(), settings.topology().topics(),
                        settings.topology().receiptsTopic()));
        var refresh = known.topology().refresh();
        LOG.info("scheduled refresh is on: contacts whose result is older than {} are re-requested at up to {}/s"
                + " ({} of CLAY_RATE_LIMIT_PER_SECOND={}), {}/s in each of {} tasks", refresh.after(),
                refresh.ratePerSecond(), refresh.rateShare(), refresh.workspaceRatePerSecond(),
                String.format(java.util.Locale.ROOT, "%.3f", refresh.perTaskPerSecond()), refresh.partitions());
        return known;
    }

    static void createTopics(EnrichmentSettings settings) throws Exception {
        List<NewTopic> topics = new ArrayList<>(TopicProvisioner.platformTopics(settings.topology().topics(),
                settings.topicLayout()));
        topics.add(Topics.BUDGETS.newTopic(settings.topology().budgetsTopic(), settings.topicLayout()));
        topics.add(Topics.RECEIPTS.newTopic(settings.topology().receiptsTopic(), settings.topicLayout()));
        topics.add(Topics.BUDGET_CHANGES.newTopic(settings.topology().budgetChangesTopic(), settings.topicLayout()));
        TopicProvisioner.ensure(settings.kafka().toProperties(), topics);
        ensureGrantsTopic(settings);
    }

    /**
     * The workspace owner's grants go to the asking task's partition: the grants topic has exactly as
     * many partitions as the by-tenant topic, known only once the topics it merges exist.
     */
    private static void ensureGrantsTopic(EnrichmentSettings settings) throws Exception {
        Properties admin = settings.kafka().toProperties();
        var topology = settings.topology();
        int partitions = DeciderPartitions.count(admin, topology.topics(), topology.receiptsTopic());
        String grants = topology.workspace().grantsTopic();
        TopicProvisioner.ensure(admin, List.of(Topics.WORKSPACE_GRANTS.newTopic(grants,
                settings.topicLayout().withPartitions(partitions))));
        int actual = DeciderPartitions.partitionsOf(admin, grants);
        if (actual != partitions) {
            throw new SettingsException("topic " + grants + " (" + Topics.WORKSPACE_GRANTS.setting() + ") has " + actual
                    + " partitions where the decider has " + partitions + ": recreate it with " + partitions);
        }
    }

    public int httpPort() {
        return http.port();
    }

    public StreamsComponent streams() {
        return streams;
    }

    /** Closes the components (Kafka Streams last of them, within its timeout), then the HTTP server. */
    @Override
    public void close() {
        closeAll(components);
        http.close();
    }

    private static void closeAll(List<AutoCloseable> components) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", components.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
