package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetChange;
import io.clayenrichment.enrichment.budget.BudgetOverride;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds operators' partial budget changes, in the order of the changes topic, over the budget's
 * current override, and forwards each result (with the change's offset as its version) to the
 * compacted budgets topic. The fold's own store, not the global store, holds the current override:
 * the global store lags behind what this processor wrote, and folding over it would drop a change
 * written a moment before. Under exactly-once the store's changelog and the output commit together.
 */
final class BudgetChangeFold implements Processor<String, BudgetChange, String, BudgetOverride> {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetChangeFold.class);

    private ProcessorContext<String, BudgetOverride> context;
    private KeyValueStore<String, BudgetOverride> folded;
    private KeyValueStore<String, BudgetOverride> published;

    @Override
    public void init(ProcessorContext<String, BudgetOverride> context) {
        this.context = context;
        folded = context.getStateStore(StoreNames.BUDGET_FOLD);
        published = context.getStateStore(StoreNames.BUDGETS);
    }

    @Override
    public void process(Record<String, BudgetChange> record) {
        long version = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        if (record.key() == null || record.value() == null || record.value().changedAt() == null) {
            LOG.warn("budget change at offset {} skipped: it has no key, no value or no time", version);
            return;
        }
        Optional<String> problem = record.value().problem();
        if (problem.isPresent()) {
            LOG.warn("budget change of {} at offset {} skipped: {}; the budget keeps its limits", record.key(),
                    version, problem.get());
            return;
        }
        BudgetOverride result = record.value().applyTo(record.key(), baseOf(record.key()), version);
        folded.put(record.key(), result);
        context.forward(record.withValue(result));
    }

    /**
     * What a change applies over: the fold's own entry; else, on the first change after an upgrade,
     * the override that the previous version wrote to the budgets topic. Such an override written
     * after the fold's entry (an instance of the previous version took a change during a rolling
     * upgrade) is taken too, so that change is not undone.
     */
    private BudgetOverride baseOf(String key) {
        BudgetOverride own = folded.get(key);
        BudgetOverride global = published.get(key);
        if (own == null) {
            return global;
        }
        boolean unversionedAndNewer = global != null && global.version() == null && global.updatedAt() != null
                && global.updatedAt().isAfter(own.updatedAt());
        return unversionedAndNewer ? global : own;
    }
}
