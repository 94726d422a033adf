package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.schema.Priority;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shares Clay's rate between the lanes by weight (stride scheduling): each lane has a pass that grows
 * by {@code 1 / weight} with every token it takes, and the lanes with rows waiting for a token are
 * offered the next one in the order of their passes, so that busy lanes get tokens in proportion to
 * their weights and a lane left alone gets them all. A lane that had no rows neither saves up turns
 * nor keeps a debt: when it has rows again its pass starts where the lanes that stayed busy are, and
 * on equal passes the higher priority goes first, which is why an urgent row takes the very next
 * token. Within a lane the partitions take turns.
 *
 * <p>Not thread-safe: used from the dispatcher's thread only.
 */
final class LaneScheduler {

    private final Map<Priority, Double> strides = new EnumMap<>(Priority.class);
    private final Map<Priority, Double> passes = new EnumMap<>(Priority.class);
    private final Map<Priority, Integer> turns = new EnumMap<>(Priority.class);
    private Set<Priority> busyBefore = EnumSet.noneOf(Priority.class);

    LaneScheduler(LaneWeights weights) {
        for (Priority lane : Priority.ALL) {
            strides.put(lane, 1.0 / weights.of(lane));
            passes.put(lane, 0.0);
            turns.put(lane, 0);
        }
    }

    /**
     * The partitions in the order they may take the next tokens: lanes by pass, then priority; within
     * a lane, starting from the partition after the one that took the last token.
     */
    List<PartitionLane> order(Collection<PartitionLane> partitions) {
        Map<Priority, List<PartitionLane>> byLane = new EnumMap<>(Priority.class);
        Set<Priority> busy = EnumSet.noneOf(Priority.class);
        for (PartitionLane partition : partitions) {
            byLane.computeIfAbsent(partition.priority, lane -> new ArrayList<>()).add(partition);
            if (partition.size() > 0) {
                busy.add(partition.priority);
            }
        }
        catchUp(busy);
        List<Priority> lanes = new ArrayList<>(byLane.keySet());
        lanes.sort(Comparator.comparingDouble((Priority lane) -> passes.get(lane)).thenComparing(Enum::ordinal));
        List<PartitionLane> ordered = new ArrayList<>(partitions.size());
        for (Priority lane : lanes) {
            List<PartitionLane> members = byLane.get(lane);
            int start = Math.floorMod(turns.get(lane), members.size());
            for (int i = 0; i < members.size(); i++) {
                ordered.add(members.get((start + i) % members.size()));
            }
        }
        return ordered;
    }

    /** A partition of {@code lane} took a token. */
    void took(Priority lane) {
        passes.merge(lane, strides.get(lane), Double::sum);
        turns.merge(lane, 1, Integer::sum);
    }

    double pass(Priority lane) {
        return passes.get(lane);
    }

    /**
     * Lanes that have rows again start at the lowest pass of the lanes that stayed busy, or, when none
     * did, all at one pass.
     */
    private void catchUp(Set<Priority> busy) {
        Set<Priority> joining = EnumSet.noneOf(Priority.class);
        joining.addAll(busy);
        joining.removeAll(busyBefore);
        if (!joining.isEmpty()) {
            double start = busy.stream().filter(busyBefore::contains).mapToDouble(passes::get).min()
                    .orElse(joining.stream().mapToDouble(passes::get).max().orElse(0));
            joining.forEach(lane -> passes.put(lane, start));
        }
        busyBefore = busy;
    }
}
