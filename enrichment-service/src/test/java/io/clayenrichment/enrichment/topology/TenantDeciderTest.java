package io.clayenrichment.enrichment.topology;

import static io.clayenrichment.enrichment.topology.DeciderRig.START_MS;
import static io.clayenrichment.enrichment.topology.DeciderRig.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.deadletter.DeadLetterHeaders;
import io.clayenrichment.common.schema.DispatchReceipt.Reach;
import io.clayenrichment.common.schema.DispatchReceipt.Stage;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.OutboundRow;
import io.clayenrichment.common.schema.ResultStatus;
import io.clayenrichment.enrichment.budget.BudgetLimits;
import io.clayenrichment.enrichment.budget.Period;
import io.clayenrichment.enrichment.budget.Spend;
import io.clayenrichment.enrichment.budget.WorkspaceBudget;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The processor itself, through Kafka Streams' MockProcessorContext: each event reaches the part that decides it. */
class TenantDeciderTest {

    private DeciderRig rig;
    private TenantDecider decider;

    private void start(UnaryOperator<TopologySettings> adjust) {
        rig = new DeciderRig(adjust);
        decider = new TenantDecider(rig.settings, rig.metrics);
        decider.init(rig.context);
    }

    private void process(TenantEvent event, long now) {
        rig.context.setCurrentSystemTimeMs(now);
        decider.process(new Record<>("acme", event, now));
    }

    private static RequestEnvelope request(String requestId) {
        return DeciderRig.request(requestId, "acme", "ada@example.com");
    }

    @Test
    void aRequestIsSentAsARowAndItsResultSettlesItAndAnswersTheDuplicateThatWaited() {
        start(settings -> settings);
        process(request("r1"), START_MS);
        OutboundRow row = DeciderRig.rowOf(rig.forwardedOne());
        assertThat(row.requestId()).isEqualTo("r1");
        process(request("r2"), START_MS + 10);
        assertThat(rig.forwarded()).as("the duplicate waits").isEmpty();

        process(TenantEvent.of(DeciderRig.resultFor(row, ResultStatus.SUCCESS, 1.5, START_MS + 20)), START_MS + 20);

        List<Record<? extends String, ? extends Routed>> out = rig.forwarded();
        assertThat(out).hasSize(2);
        assertThat(((Routed.Verified) out.get(0).value()).result().correlationId()).isEqualTo(row.correlationId());
        EnrichmentResult answer = ((Routed.CacheAnswer) out.get(1).value()).result();
        assertThat(answer.requestId()).isEqualTo("r2");
        assertThat(answer.data()).containsEntry("title", "Engineer");
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(new Spend(0, 1500));
        assertThat(rig.metrics.count("requests/acme/clay/none")).isEqualTo(1);
        assertThat(rig.metrics.count("requests/acme/cache/none")).isEqualTo(1);

        process(request("r3"), START_MS + 30);
        assertThat(((Routed.CacheAnswer) rig.forwardedOne().value()).result().requestId()).isEqualTo("r3");
    }

    @Test
    void aReceiptThatGivesTheRowUpEndsItsAttempt() {
        start(settings -> settings);
        process(request("r1"), START_MS);
        OutboundRow row = DeciderRig.rowOf(rig.forwardedOne());

        process(TenantEvent.of(DeciderRig.receiptFor(row, Stage.FAILED, Reach.NO, "clay_rejected")), START_MS + 5);

        assertThat(header(rig.forwardedOne(), DeadLetterHeaders.REASON)).isEqualTo("clay_rejected");
        assertThat(rig.spend("acme", Period.DAY)).isEqualTo(Spend.NONE);
    }

    @Test
    void theClockTimesAttemptsOutAndReportsWhatIsPendingAndHeld() {
        start(settings -> settings);
        List<CapturedPunctuator> punctuators = rig.context.scheduledPunctuators();
        assertThat(punctuators).hasSize(1);
        assertThat(punctuators.get(0).getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(punctuators.get(0).getInterval()).isEqualTo(TopologyFixture.TICK);
        process(request("r1"), START_MS);
        rig.forwarded();

        punctuators.get(0).getPunctuator().punctuate(START_MS + 1000);
        assertThat(rig.metrics.pending).isEqualTo(1);
        assertThat(rig.forwarded()).isEmpty();
        punctuators.get(0).getPunctuator().punctuate(START_MS + TopologyFixture.TIMEOUT.toMillis());

        assertThat(header(rig.forwardedOne(), DeadLetterHeaders.REASON)).isEqualTo("result_timeout");
        assertThat(rig.metrics.pending).isZero();
        assertThat(rig.metrics.held).isEqualTo(1);
    }

    @Test
    void aWorkspaceGrantDecidesTheRequestsThatWaitedForIt() {
        start(settings -> settings.withWorkspace(WorkspaceBudget.of(new BudgetLimits(100_000, 1_000_000, false))));
        process(request("r1"), START_MS);
        LeaseUpdate ask = ((Routed.ToWorkspace) rig.forwardedOne().value()).update();

        process(new TenantEvent.WorkspaceGrant(new LeaseGrant(0, ask.dayId(), ask.monthId(), ask.wantMilli(), null)),
                START_MS + 5);

        assertThat(DeciderRig.rowOf(rig.forwardedOne()).requestId()).isEqualTo("r1");
    }
}
