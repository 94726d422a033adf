package io.clayenrichment.enrichment.topology;

import io.clayenrichment.common.schema.Tenants;
import io.clayenrichment.common.contact.ContactKey;
import io.clayenrichment.common.deadletter.DeadLetterReason;
import io.clayenrichment.common.schema.EnrichmentRequest;
import io.clayenrichment.common.schema.Priority;
import io.clayenrichment.enrichment.metrics.TenantLabels;
import io.clayenrichment.enrichment.metrics.TopologyMetrics;
import io.clayenrichment.enrichment.tenants.TenantSettings;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step for a parsed request: checks that it names a tenant and a usable identity, and sends it
 * on to its tenant's task with everything a later dead letter needs. A request without a usable
 * identity (or with a priority that is none of the lanes) is dead-lettered here as {@code invalid},
 * with a detail naming the problem; under
 * {@code UNKNOWN_TENANTS=refuse} a request of a tenant that is not known is dead-lettered here as
 * {@code unknown_tenant}, before the repartition, so it reaches no state of the tenant's task.
 */
final class RequestIntake implements Processor<byte[], Parsed<EnrichmentRequest>, String, Routed> {

    private final TopologyMetrics metrics;
    private final TenantSettings tenants;
    private ProcessorContext<String, Routed> context;

    RequestIntake(TopologyMetrics metrics, TenantSettings tenants) {
        this.metrics = metrics;
        this.tenants = tenants;
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
        Optional<String> problem = request.problem().or(() -> contactKey.isPresent() ? Optional.empty()
                : Optional.of(ContactKey.whyUnusable(request.email(),
                        request.linkedinUrl(), request.domain(), request.firstName(), request.lastName())));
        boolean refused = problem.isEmpty() && tenants.refuses(tenant);
        // the row as the decider used to build it from the raw value: from the request as parsed
        RowTemplate row = problem.isPresent() || refused ? null : RowTemplate.of(record.value().value(),
                contactKey.get());
        RequestEnvelope envelope = new RequestEnvelope(tenant, contactKey.orElse(null), request.requestId(),
                request.forced(), record.key(), record.value().raw(), HeaderValue.listOf(record.headers()),
                source.topic(), source.partition(), source.offset(), row,
                problem.isPresent() ? Priority.NORMAL : request.lane());
        if (problem.isPresent()) {
            deadLetter(envelope, Tenants.problem(tenant).isPresent() ? null : tenant, DeadLetterReason.INVALID,
                    problem.get());
            return;
        }
        if (refused) {
            deadLetter(envelope, tenant, DeadLetterReason.UNKNOWN_TENANT, "tenant '" + tenant + "' is not known:"
                    + " it is in neither KNOWN_TENANTS nor CREDIT_BUDGETS, and UNKNOWN_TENANTS=refuse");
            return;
        }
        context.forward(new Record<>(tenant, new Routed.Event(envelope), record.timestamp()));
    }

    /** {@code tenant} is null when the request has no valid one. */
    private void deadLetter(RequestEnvelope envelope, String tenant, DeadLetterReason reason, String detail) {
        context.forward(DeadLetters.of(envelope, tenant, reason, detail, null, context.currentSystemTimeMs()));
        String tenantLabel = tenant == null ? TenantLabels.UNATTRIBUTED : tenant;
        metrics.requestRouted(tenantLabel, TopologyMetrics.Route.DLQ, reason.wire());
        metrics.deadLettered(reason.wire(), tenantLabel);
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
