package io.clayenrichment.enrichment.dispatch;

import io.clayenrichment.common.config.SettingsException;
import io.clayenrichment.common.schema.Priority;

/**
 * How Clay's rate is shared between the lanes while more than one has rows waiting: in proportion to
 * these weights ({@code CLAY_LANE_WEIGHT_URGENT}, {@code _NORMAL}, {@code _BACKFILL}). With the
 * defaults 20, 10 and 1 an urgent backlog gets two thirds of the rate beside a normal one, and the
 * backfill lane (with scheduled refreshes) gets one part in eleven beside a normal backlog: little,
 * but never nothing.
 */
record LaneWeights(int urgent, int normal, int backfill) {

    static final LaneWeights DEFAULT = new LaneWeights(20, 10, 1);

    LaneWeights {
        check("CLAY_LANE_WEIGHT_URGENT", urgent);
        check("CLAY_LANE_WEIGHT_NORMAL", normal);
        check("CLAY_LANE_WEIGHT_BACKFILL", backfill);
    }

    int of(Priority lane) {
        return switch (lane) {
            case URGENT -> urgent;
            case NORMAL -> normal;
            case BACKFILL -> backfill;
        };
    }

    private static void check(String setting, int weight) {
        if (weight < 1 || weight > 1000) {
            throw new SettingsException(setting + "=" + weight + " is invalid: expected a whole number from 1 to 1000");
        }
    }
}
