package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.common.testing.Seeds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The lane scheduler as the dispatcher uses it: every step, the first partition in its order that
 * has a row takes the one token there is (as when sending at the rate limit).
 */
class LaneSchedulerTest {

    @Test
    void busyLanesShareTokensByWeightAndALaneAloneTakesThemAll() {
        Seeds.check(200, random -> {
            LaneWeights weights = weights(random, 50);
            Rig rig = new Rig(weights, 1 + random.nextInt(4));
            List<Priority> busy = new ArrayList<>();
            for (Priority lane : Priority.ALL) {
                if (random.nextBoolean()) {
                    busy.add(lane);
                }
            }
            if (busy.isEmpty()) {
                busy.add(Priority.ALL.get(random.nextInt(3)));
            }
            int steps = 500 + random.nextInt(2000);
            // backlogs longer than the run: every busy lane stays busy throughout
            busy.forEach(lane -> rig.backlog(lane, steps + 1, random));
            Map<Priority, Integer> taken = rig.run(steps);

            int weightSum = busy.stream().mapToInt(weights::of).sum();
            for (Priority lane : Priority.ALL) {
                if (!busy.contains(lane)) {
                    assertThat(taken.get(lane)).isZero();
                    continue;
                }
                double expected = (double) steps * weights.of(lane) / weightSum;
                // stride scheduling keeps every lane within one token per lane of its exact share
                assertThat((double) taken.get(lane)).as("%s of %s steps with weights %s", lane, steps, weights)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(Priority.ALL.size() + 1.0));
            }
        });
    }

    @Test
    void anUrgentRowTakesTheVeryNextTokenAfterALongNormalBacklog() {
        Rig rig = new Rig(LaneWeights.DEFAULT, 3);
        rig.backlog(Priority.NORMAL, 5000, new Random(1));
        rig.backlog(Priority.BACKFILL, 5000, new Random(2));
        rig.run(3000);
        rig.backlog(Priority.URGENT, 1, new Random(3));
        assertThat(rig.step()).isEqualTo(Priority.URGENT);
    }

    @Test
    void aLaneThatWasIdleDoesNotSaveUpTurnsForABurstLater() {
        Rig rig = new Rig(LaneWeights.DEFAULT, 2);
        rig.backlog(Priority.NORMAL, 5000, new Random(1));
        rig.run(2000);
        rig.backlog(Priority.BACKFILL, 100, new Random(2));
        Map<Priority, Integer> taken = rig.run(110);
        // 10 to 1, as if backfill had always been busy: its idle time earned it nothing
        assertThat(taken.get(Priority.BACKFILL)).isBetween(9, 11);
    }

    @Test
    void noBusyLaneWaitsLongerThanItsWeightAllows() {
        Seeds.check(100, random -> {
            LaneWeights weights = weights(random, 30);
            Rig rig = new Rig(weights, 1 + random.nextInt(3));
            Priority.ALL.forEach(lane -> rig.backlog(lane, 3000, random));
            int weightSum = weights.urgent() + weights.normal() + weights.backfill();
            Map<Priority, Integer> lastTurn = new EnumMap<>(Priority.class);
            Priority.ALL.forEach(lane -> lastTurn.put(lane, 0));
            for (int step = 1; step <= 2000; step++) {
                Priority took = rig.step();
                int gap = step - lastTurn.get(took);
                assertThat(gap).as("%s waited %s steps with weights %s", took, gap, weights)
                        .isLessThanOrEqualTo((int) Math.ceil((double) weightSum / weights.of(took)) + Priority.ALL.size());
                lastTurn.put(took, step);
            }
        });
    }

    @Test
    void partitionsOfOneLaneTakeTurns() {
        Rig rig = new Rig(LaneWeights.DEFAULT, 4);
        rig.backlog(Priority.NORMAL, 400, new Random(5));
        Map<Integer, Integer> byPartition = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            byPartition.merge(rig.stepPartition().partition.partition(), 1, Integer::sum);
        }
        assertThat(byPartition.values()).allSatisfy(count -> assertThat(count).isBetween(90, 110));
    }

    private static LaneWeights weights(Random random, int most) {
        return new LaneWeights(1 + random.nextInt(most), 1 + random.nextInt(most), 1 + random.nextInt(most));
    }

    /** Lanes with partitions, rows put on random partitions of a lane, one token per step. */
    private static final class Rig {
        private final LaneScheduler scheduler;
        private final List<PartitionLane> partitions = new ArrayList<>();
        private long offset;

        Rig(LaneWeights weights, int partitionsPerLane) {
            scheduler = new LaneScheduler(weights);
            for (Priority lane : Priority.ALL) {
                for (int p = 0; p < partitionsPerLane; p++) {
                    partitions.add(new PartitionLane(new TopicPartition("clay.outbound." + lane.wire(), p), lane));
                }
            }
        }

        void backlog(Priority lane, int rows, Random random) {
            List<PartitionLane> ofLane = partitions.stream().filter(p -> p.priority == lane).toList();
            for (int i = 0; i < rows; i++) {
                PartitionLane partition = ofLane.get(random.nextInt(ofLane.size()));
                partition.add(new ConsumerRecord<>(partition.partition.topic(), partition.partition.partition(),
                        offset++, new byte[0], "{}".getBytes()));
            }
        }

        Map<Priority, Integer> run(int steps) {
            Map<Priority, Integer> taken = new EnumMap<>(Priority.class);
            Priority.ALL.forEach(lane -> taken.put(lane, 0));
            for (int i = 0; i < steps; i++) {
                taken.merge(step(), 1, Integer::sum);
            }
            return taken;
        }

        Priority step() {
            return stepPartition().priority;
        }

        /** The first partition in the scheduler's order with a row takes the token and sends its head. */
        PartitionLane stepPartition() {
            for (PartitionLane partition : scheduler.order(partitions)) {
                Delivery head = partition.head();
                if (head != null) {
                    scheduler.took(partition.priority);
                    head.phase = Delivery.Phase.DONE;
                    return partition;
                }
            }
            throw new AssertionError("no partition has a row");
        }
    }
}
