package io.clayenrichment.local;

import java.io.PrintStream;

/**
 * Whether {@code up} produces the demo batch, decided before anything starts. Against the sandbox it
 * does ({@code LOCAL_DEMO_COUNT} requests, default {@value #DEFAULT_COUNT}). Against real Clay tables
 * every row spends real credits, so only a {@code LOCAL_DEMO_COUNT} the user set sends one; any value
 * set counts, the default number included. The requests of {@code --file} are the user's own and are
 * always produced.
 *
 * @param count   requests in the demo batch
 * @param skipped why an unset count sent none, with how to send one; null when nothing was skipped
 */
record DemoPlan(int count, String skipped) {

    static final int DEFAULT_COUNT = 300;

    static DemoPlan of(LocalStackSettings settings) {
        if (settings.demoFile() != null) {
            return new DemoPlan(0, null);
        }
        if (settings.demoCount().isPresent()) {
            return new DemoPlan(settings.demoCount().getAsInt(), null);
        }
        if (settings.usesSandbox()) {
            return new DemoPlan(DEFAULT_COUNT, null);
        }
        return new DemoPlan(0, "demo batch skipped: CLAY_WEBHOOK_URLS names real Clay tables, where its "
                + DEFAULT_COUNT + " requests would spend real Clay credits; to send one, start again with "
                + LocalStackSettings.DEMO_COUNT + "=<requests> (or up --file requests.jsonl)");
    }

    /** The one line saying the demo batch was skipped, why and how to send one; nothing when it was not. */
    void printSkipped(PrintStream out) {
        if (skipped != null) {
            out.println();
            out.println(skipped);
        }
    }
}
