package io.clayenrichment.enrichment.topology;

import io.clayenrichment.enrichment.budget.BudgetOverride;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global budgets store equal to the compacted budgets topic (a tombstone removes an override). */
final class BudgetOverrideLoader implements Processor<String, BudgetOverride, Void, Void> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BudgetOverrideLoader.class);

    private KeyValueStore<String, BudgetOverride> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.BUDGETS);
    }

    @Override
    public void process(Record<String, BudgetOverride> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        java.util.Optional<String> problem = record.value().problem();
        if (problem.isPresent()) {
            LOG.warn("budget change for tenant {} on the budgets topic ignored: {}; the tenant keeps its limits",
                    record.key(), problem.get());
            return;
        }
        store.put(record.key(), record.value());
    }
}
