package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step for a parsed request: checks that it names a tenant and a usable identity, and sends it
 * on to its tenant's task with everything a later dead letter needs. A request without a usable
 * identity is dead-lettered here as {@code invalid}, with a detail naming the problem.
 */
final class RequestIntake implements Processor<byte[], Parsed<EnrichmentRequest>, String, Routed> {

    private final TopologyMetrics metrics;
    private ProcessorContext<String, Routed> context;

    RequestIntake(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Parsed<EnrichmentRequest>> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        EnrichmentRequest request = record.value().value().normalised();
        String tenant = request.tenantOrDefault();
        Optional<String> contactKey = request.contactKey();
        Optional<String> problem = Tenants.problem(tenant).or(() -> contactKey.isPresent() ? Optional.empty()
                : Optional.of(ContactKey.whyUnusable(request.email(),
                        request.linkedinUrl(), request.domain(), request.firstName(), request.lastName())));
        // the row as the decider used to build it from the raw value: from the request as parsed
        RowTemplate row = problem.isPresent() ? null : RowTemplate.of(record.value().value(), contactKey.get());
        RequestEnvelope envelope = new RequestEnvelope(tenant, contactKey.orElse(null), request.requestId(),
                request.forced(), record.key(), record.value().raw(), HeaderValue.listOf(record.headers()),
                source.topic(), source.partition(), source.offset(), row);
        if (problem.isPresent()) {
            String validTenant = Tenants.problem(tenant).isPresent() ? null : tenant;
            context.forward(DeadLetters.of(envelope, validTenant, DeadLetterReason.INVALID, problem.get(), null,
                    context.currentSystemTimeMs()));
            String tenantLabel = validTenant == null ? "unknown" : validTenant;
            metrics.requestRouted(tenantLabel, TopologyMetrics.Route.DLQ, DeadLetterReason.INVALID.wire());
            metrics.deadLettered(DeadLetterReason.INVALID.wire(), tenantLabel);
            return;
        }
        context.forward(new Record<>(tenant, new Routed.Event(envelope), record.timestamp()));
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
