package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.schema.Priority;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one outbound partition, handled strictly one after the other so a contact's rows
 * reach Clay in order. Tracks the offset that may be committed: past every record that is done, and
 * past a record about to be POSTed for the first time (its intent), so that a restart never sends it
 * again. The committed offset only moves back by {@link #rewind}, for a head no POST of which can
 * have reached Clay.
 */
final class PartitionLane {

    final TopicPartition partition;
    /** The lane its topic is for. */
    final Priority priority;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> queued = new ArrayDeque<>();
    private Delivery head;
    private long committable = -1;
    private boolean uncommitted;

    PartitionLane(TopicPartition partition, Priority priority) {
        this.partition = partition;
        this.priority = priority;
    }

    void add(ConsumerRecord<byte[], byte[]> record) {
        queued.add(record);
    }

    /** The record being worked on, starting the next one when the previous is done; null when idle. */
    Delivery head() {
        if (head != null && head.phase == Delivery.Phase.DONE) {
            if (head.record.offset() + 1 > committable) {
                committable = head.record.offset() + 1;
                uncommitted = true;
            }
            head = null;
        }
        if (head == null && !queued.isEmpty()) {
            head = new Delivery(queued.poll(), priority);
        }
        return head;
    }

    /** Records held in memory, the head included. */
    int size() {
        return queued.size() + (head == null ? 0 : 1);
    }

    /** The next offset to commit, once; empty when nothing new is done. */
    OptionalLong takeCommit() {
        head();
        if (!uncommitted) {
            return OptionalLong.empty();
        }
        uncommitted = false;
        return OptionalLong.of(committable);
    }

    /**
     * The commit past the head, sent now as its intent: no lower offset is committed after it (async
     * commits are applied in the order they are sent), and nothing before it is left to commit.
     */
    long commitPastHead() {
        committable = Math.max(committable, head.record.offset() + 1);
        uncommitted = false;
        return committable;
    }

    /**
     * Moves the offset to commit back to the head (at a hand-over or shutdown): its intent was
     * recorded, but no POST of it can have reached Clay, so its next owner may send it.
     */
    void rewind() {
        if (head != null) {
            committable = head.record.offset();
            uncommitted = true;
        }
    }

    /** Gives back a commit that failed, so it is tried again. */
    void restoreCommit(long offset) {
        if (offset >= committable) {
            committable = offset;
            uncommitted = true;
        }
    }

    Delivery inFlight() {
        return head;
    }
}
