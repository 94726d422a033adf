package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Starting an attempt: its row, its reservation, its record with a deadline, nothing left by one that fails. */
class AttemptStarterTest {

    private static final String CONTACT = TenantKeys.contact("acme", "email:ada@example.com");

    @Test
    void anAttemptReservesItsCostIsRecordedWithItsDeadlineAndSendsItsRow() {
        DeciderRig rig = new DeciderRig();
        RequestEnvelope request = DeciderRig.request("r1", "acme", "ada@example.com");

        rig.starter().start("acme", CONTACT, request, rig.budget.snapshot("acme", START_MS), START_MS);

        Record<? extends String, ? extends Routed> sent = rig.forwardedOne();
        OutboundRow row = DeciderRig.rowOf(sent);
        long deadline = START_MS + TopologyFixture.TIMEOUT.toMillis();
        assertThat(row.requestId()).isEqualTo("r1");
        assertThat(row.contactKey()).isEqualTo("email:ada@example.com");
        assertThat(header(sent, OutboundRow.SEND_BEFORE_HEADER)).isEqualTo(Long.toString(deadline));
        Attempt attempt = rig.attempts.inFlight(CONTACT);
        assertThat(attempt.correlationId()).isEqualTo(row.correlationId());
        assertThat(attempt.deadlineMs()).isEqualTo(deadline);
        assertThat(attempt.startedAtMs()).isEqualTo(START_MS);
        assertThat(attempt.request().row()).as("kept without its row").isNull();
        assertThat(attempt.reservation().costMilli()).isEqualTo(1000);
        assertThat(attempt.reservation().leased()).isFalse();
        assertThat(rig.attempts.earliestDeadline()).hasValue(deadline);
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(1000, 0));
        assertThat(rig.metrics.count("reserved/acme")).isEqualTo(1000);
        assertThat(rig.metrics.count("requests/acme/clay/none")).isEqualTo(1);
    }

    @Test
    void aRequestWithoutATemplateHasItsRowBuiltFromItsOriginalValue() {
        RequestEnvelope request = DeciderRig.request("r1", "acme", "ada@example.com");
        RequestEnvelope withoutTemplate = request.withoutRow();

        OutboundRow fromTemplate = DeciderRig.rowOfBytes(AttemptStarter.rowOf(request, "c1", START_MS));
        OutboundRow fromValue = DeciderRig.rowOfBytes(AttemptStarter.rowOf(withoutTemplate, "c1", START_MS));

        assertThat(fromValue).isEqualTo(fromTemplate);
        assertThat(fromValue.correlationId()).isEqualTo("c1");
    }

    @Test
    void aRequestWhoseRowCannotBeBuiltLeavesNothingBehind() {
        DeciderRig rig = new DeciderRig();
        RequestEnvelope unreadable = unreadable(DeciderRig.request("r1", "acme", "ada@example.com"));

        assertThatThrownBy(() -> rig.starter().start("acme", CONTACT, unreadable,
                rig.budget.snapshot("acme", START_MS), START_MS)).isInstanceOf(RuntimeException.class);

        assertThat(rig.forwarded()).isEmpty();
        assertThat(rig.attempts.inFlight(CONTACT)).isNull();
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
        assertThat(rig.metrics.count("reserved/acme")).isZero();
    }

    @Test
    void aLeasedAttemptThatCannotStartGivesItsCostBackToTheLease() {
        DeciderRig rig = new DeciderRig(settings -> settings.withWorkspace(
                WorkspaceBudget.of(new BudgetLimits(100_000, 1_000_000, false))));
        rig.leased(5000);
        assertThat(rig.workspace.take(1000, START_MS)).isEqualTo(WorkspaceLeaseBook.Take.TAKEN);
        assertThat(rig.lease.get(StoreNames.WORKSPACE_KEY).availableMilli()).isEqualTo(4000);
        RequestEnvelope unreadable = unreadable(DeciderRig.request("r1", "acme", "ada@example.com"));

        assertThatThrownBy(() -> rig.starter().startLeased("acme", CONTACT, unreadable,
                rig.budget.snapshot("acme", START_MS), 1000, START_MS)).isInstanceOf(RuntimeException.class);

        assertThat(rig.lease.get(StoreNames.WORKSPACE_KEY).availableMilli()).isEqualTo(5000);
        assertThat(rig.attempts.inFlight(CONTACT)).isNull();
    }

    @Test
    void aLeasedAttemptsReservationSaysItCameFromTheLease() {
        DeciderRig rig = new DeciderRig(settings -> settings.withWorkspace(
                WorkspaceBudget.of(new BudgetLimits(100_000, 1_000_000, false))));
        rig.leased(5000);

        rig.starter().startLeased("acme", CONTACT, DeciderRig.request("r1", "acme", "ada@example.com"),
                rig.budget.snapshot("acme", START_MS), 1000, START_MS);

        assertThat(rig.attempts.inFlight(CONTACT).reservation().leased()).isTrue();
        assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("r1");
    }

    /** The request with no template and a value that is not JSON: its row cannot be built. */
    private static RequestEnvelope unreadable(RequestEnvelope request) {
        return new RequestEnvelope(request.tenant(), request.contactKey(), request.requestId(), request.force(),
                request.rawKey(), "not json".getBytes(StandardCharsets.UTF_8), request.headers(),
                request.sourceTopic(), request.sourcePartition(), request.sourceOffset(), null);
    }
}
