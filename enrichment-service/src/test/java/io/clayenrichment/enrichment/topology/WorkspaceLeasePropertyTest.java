package io.clayenrichment.enrichment.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.JsonSerde;
import io.clayenrichment.common.topics.Topics;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import io.clayenrichment.enrichment.budget.BudgetPolicy;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Reservation;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import io.clayenrichment.enrichment.budget.WorkspaceLedger;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Seeded random runs of the real lease classes: one {@link WorkspaceOwner} and several decider tasks'
 * {@link WorkspaceLeaseBook}s, messages delivered between them at their commits in any interleaving,
 * tasks and the owner crashing (state and unsent messages back to the last commit, inputs since then
 * read again, as exactly-once processing does), results settling at or below their reservation, and
 * the clock crossing days and months. At every step: what all tasks have reserved or been charged in
 * the current day and month never exceeds the workspace limits; at the end, with everything settled and
 * every lease idle, the owner's ledger equals what was charged (no credit lost or counted twice).
 * Replay one run with {@code -Dtest.seed=<seed>}.
 */
class WorkspaceLeasePropertyTest {

    private static final int RUNS = 300;
    private static final long COST = 1000;
    private static final Duration IDLE = Duration.ofSeconds(2);

    @Test
    void reservationsOfAllTasksTogetherNeverExceedTheWorkspaceLimits() {
        long base = Long.getLong("test.seed", System.nanoTime());
        for (int run = 0; run < RUNS; run++) {
            long seed = base + run;
            new Run(new Random(seed), seed).play();
        }
    }

    private static final class Run {
        private final Random random;
        private final long seed;
        private final long dailyLimit;
        private final long monthlyLimit;
        private final List<Holder> holders = new ArrayList<>();
        private final Owner owner;
        private long now = Instant.parse("2026-11-30T23:58:00Z").toEpochMilli();
        private final List<String> trace = new ArrayList<>();

        Run(Random random, long seed) {
            this.random = random;
            this.seed = seed;
            this.dailyLimit = (1 + random.nextInt(40)) * COST;
            this.monthlyLimit = dailyLimit + random.nextInt(60) * COST;
            BudgetLimits limits = new BudgetLimits(dailyLimit, monthlyLimit, false);
            TopologySettings settings = new TopologySettings(Topics.defaults(), "budgets",
                    new BudgetPolicy(new BudgetLimits(1_000_000, 1_000_000, false), Map.of(), COST, 0.8),
                    Duration.ofDays(1), Duration.ofMinutes(30), IDLE.dividedBy(2))
                    .withWorkspace(WorkspaceBudget.of(limits));
            owner = new Owner(settings);
            int tasks = 1 + random.nextInt(6);
            for (int partition = 0; partition < tasks; partition++) {
                holders.add(new Holder(partition, limits));
            }
        }

        void play() {
            int steps = 100 + random.nextInt(400);
            for (int step = 0; step < steps; step++) {
                act(holders.get(random.nextInt(holders.size())));
                assertLimitsHold();
            }
            for (int round = 0; round < 6; round++) {
                holders.forEach(holder -> holder.settleAll());
                now += IDLE.toMillis() + 1000;
                holders.forEach(Holder::onClock);
                drain();
                assertLimitsHold();
            }
            WorkspaceLedger ledger = owner.ledger().rolledTo(now);
            long chargedToday = holders.stream().mapToLong(h -> h.charged.getOrDefault(ledger.dayId(), 0L)).sum();
            assertThat(ledger.day().reservedMilli()).as("credits still leased once all is idle; seed %d, trace %s",
                    seed, trace).isZero();
            assertThat(ledger.day().spentMilli()).as("the owner's spend against the tasks' charges; seed %d", seed)
                    .isEqualTo(chargedToday);
        }

        private void act(Holder holder) {
            int choice = random.nextInt(100);
            if (choice < 35) {
                holder.request(COST * (1 + random.nextInt(3)));
            } else if (choice < 50) {
                holder.settleOne();
            } else if (choice < 62) {
                holder.commit();
            } else if (choice < 74) {
                owner.processOne();
            } else if (choice < 82) {
                owner.commit();
            } else if (choice < 90) {
                holder.deliverOne();
            } else if (choice < 93) {
                holder.crash();
            } else if (choice < 95) {
                owner.crash();
            } else if (choice < 98) {
                now += random.nextInt(3) == 0 ? Duration.ofHours(6).toMillis() : random.nextInt(3000);
                holder.onClock();
            } else {
                holder.onClock();
            }
        }

        private void drain() {
            for (int i = 0; i < 50; i++) {
                holders.forEach(Holder::commit);
                while (owner.processOne()) {
                    // every waiting update
                }
                owner.commit();
                for (Holder holder : holders) {
                    while (holder.deliverOne()) {
                        // every grant
                    }
                }
            }
            holders.forEach(Holder::commit);
            while (owner.processOne()) {
                // the last returns
            }
            owner.commit();
        }

        private void assertLimitsHold() {
            String day = Period.DAY.idAt(now);
            String month = Period.MONTH.idAt(now);
            long dayCommitted = holders.stream().mapToLong(h -> h.committedIn(day, null)).sum();
            long monthCommitted = holders.stream().mapToLong(h -> h.committedIn(null, month)).sum();
            assertThat(dayCommitted).as("reserved and charged today by all tasks; seed %d", seed)
                    .isLessThanOrEqualTo(dailyLimit);
            assertThat(monthCommitted).as("reserved and charged this month by all tasks; seed %d", seed)
                    .isLessThanOrEqualTo(monthlyLimit);
        }

        /** One decider task: its lease book over real stores, its reservations and its charges. */
        private final class Holder {
            final int partition;
            final MockProcessorContext<String, Routed> context = new MockProcessorContext<>();
            final KeyValueStore<String, WorkspaceLease> leases = store(StoreNames.LEASE, new JsonSerde<>(WorkspaceLease.class));
            final KeyValueStore<String, TenantEvent> waiting = store(StoreNames.LEASE_WAITING, BinaryCodec.tenantEvents());
            final KeyValueStore<String, BudgetOverride> overrides = store(StoreNames.BUDGETS,
                    new JsonSerde<>(BudgetOverride.class));
            final WorkspaceBudget workspace;
            List<Reservation> outstanding = new ArrayList<>();
            Map<String, Long> charged = new HashMap<>();
            List<LeaseUpdate> outbox = new ArrayList<>();
            final Deque<LeaseGrant> inbox = new ArrayDeque<>();
            List<LeaseGrant> readSinceCommit = new ArrayList<>();
            Snapshot committed;
            WorkspaceLeaseBook book;
            int requests;

            Holder(int partition, BudgetLimits limits) {
                this.partition = partition;
                this.workspace = WorkspaceBudget.of(limits);
                this.book = newBook();
                this.committed = snapshot();
            }

            private WorkspaceLeaseBook newBook() {
                return new WorkspaceLeaseBook(workspace, partition, COST, IDLE.toMillis(), leases, waiting, overrides,
                        outbox::add);
            }

            private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
                KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                        Serdes.String(), serde).withLoggingDisabled().build();
                store.init(context.getStateStoreContext(), store);
                return store;
            }

            void request(long cost) {
                RequestEnvelope request = new RequestEnvelope("t" + partition, "k" + requests, partition + "-"
                        + requests++ + "-" + cost, false, null, "{}".getBytes(), List.of(), "requests", partition, 0, null);
                if (!decide(request, false)) {
                    book.park(request, cost);
                }
            }

            /** What the decider does with a request once the tenant's own budget allows it. */
            private boolean decide(RequestEnvelope request, boolean again) {
                long cost = Long.parseLong(request.requestId().substring(request.requestId().lastIndexOf('-') + 1));
                switch (book.take(cost, now)) {
                    case TAKEN -> outstanding.add(new Reservation(cost, Period.DAY.idAt(now), Period.MONTH.idAt(now),
                            true));
                    case REFUSED -> trace.add("refused " + request.requestId());
                    case WAIT -> {
                        return false;
                    }
                }
                return true;
            }

            void settleOne() {
                if (outstanding.isEmpty()) {
                    return;
                }
                Reservation reservation = outstanding.remove(random.nextInt(outstanding.size()));
                long actual = switch (random.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> reservation.costMilli() / 2;
                    default -> reservation.costMilli();
                };
                charged.merge(reservation.dayId(), actual, Long::sum);
                charged.merge(reservation.monthId(), actual, Long::sum);
                book.settled(reservation, actual, now);
            }

            void settleAll() {
                while (!outstanding.isEmpty()) {
                    settleOne();
                }
            }

            void onClock() {
                book.onClock(now, request -> decide(request, true));
            }

            boolean deliverOne() {
                LeaseGrant grant = inbox.poll();
                if (grant == null) {
                    return false;
                }
                readSinceCommit.add(grant);
                book.granted(grant, now, request -> decide(request, true));
                return true;
            }

            void commit() {
                owner.queue.addAll(outbox);
                outbox.clear();
                readSinceCommit.clear();
                committed = snapshot();
            }

            void crash() {
                trace.add("crash task " + partition);
                restore(leases, committed.leases);
                restore(waiting, committed.waiting);
                outstanding = new ArrayList<>(committed.outstanding);
                charged = new HashMap<>(committed.charged);
                outbox.clear();
                for (int i = readSinceCommit.size() - 1; i >= 0; i--) {
                    inbox.addFirst(readSinceCommit.get(i));
                }
                readSinceCommit.clear();
                book = newBook();
            }

            long committedIn(String day, String month) {
                long reserved = outstanding.stream().filter(r -> day != null ? r.dayId().equals(day)
                        : r.monthId().equals(month)).mapToLong(Reservation::costMilli).sum();
                return reserved + charged.getOrDefault(day != null ? day : month, 0L);
            }

            private Snapshot snapshot() {
                return new Snapshot(copy(leases), copy(waiting), List.copyOf(outstanding), Map.copyOf(charged));
            }
        }

        private record Snapshot(Map<String, WorkspaceLease> leases, Map<String, TenantEvent> waiting,
                List<Reservation> outstanding, Map<String, Long> charged) {}

        /** The owner task: the real processor, its ledger store, its queue of updates and unsent grants. */
        private final class Owner {
            final MockProcessorContext<String, LeaseGrant> context = new MockProcessorContext<>();
            final KeyValueStore<String, WorkspaceLedger> ledgers;
            final Deque<LeaseUpdate> queue = new ArrayDeque<>();
            final List<LeaseUpdate> readSinceCommit = new ArrayList<>();
            final TopologySettings settings;
            Map<String, WorkspaceLedger> committed = Map.of();
            WorkspaceOwner processor;

            Owner(TopologySettings settings) {
                this.settings = settings;
                ledgers = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.WORKSPACE),
                        Serdes.String(), new JsonSerde<>(WorkspaceLedger.class)).withLoggingDisabled().build();
                ledgers.init(context.getStateStoreContext(), ledgers);
                KeyValueStore<String, BudgetOverride> overrides = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.BUDGETS), Serdes.String(),
                        new JsonSerde<>(BudgetOverride.class)).withLoggingDisabled().build();
                overrides.init(context.getStateStoreContext(), overrides);
                context.addStateStore(ledgers);
                context.addStateStore(overrides);
                start();
            }

            private void start() {
                processor = new WorkspaceOwner(settings, TopologyMetrics.NONE);
                processor.init(context);
            }

            boolean processOne() {
                LeaseUpdate update = queue.poll();
                if (update == null) {
                    return false;
                }
                readSinceCommit.add(update);
                context.setCurrentSystemTimeMs(now);
                processor.process(new Record<>(StoreNames.WORKSPACE_KEY, update, now));
                return true;
            }

            void commit() {
                for (var forwarded : context.forwarded()) {
                    LeaseGrant grant = forwarded.record().value();
                    holders.get(grant.holder()).inbox.add(grant);
                }
                context.resetForwards();
                readSinceCommit.clear();
                committed = copy(ledgers);
            }

            void crash() {
                trace.add("crash owner");
                restore(ledgers, committed);
                context.resetForwards();
                for (int i = readSinceCommit.size() - 1; i >= 0; i--) {
                    queue.addFirst(readSinceCommit.get(i));
                }
                readSinceCommit.clear();
                start();
            }

            WorkspaceLedger ledger() {
                WorkspaceLedger ledger = ledgers.get(StoreNames.WORKSPACE_KEY);
                return ledger == null ? WorkspaceLedger.startingAt(now) : ledger;
            }
        }
    }

    private static <V> Map<String, V> copy(KeyValueStore<String, V> store) {
        Map<String, V> copy = new HashMap<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                copy.put(entry.key, entry.value);
            }
        }
        return copy;
    }

    private static <V> void restore(KeyValueStore<String, V> store, Map<String, V> snapshot) {
        List<String> keys = new ArrayList<>(copy(store).keySet());
        keys.forEach(store::delete);
        snapshot.forEach(store::put);
    }
}
