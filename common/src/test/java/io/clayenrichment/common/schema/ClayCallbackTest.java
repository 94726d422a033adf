package io.clayenrichment.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClayCallbackTest {

    private static final long MILLI_PER_CREDIT = 1000;

    @Test
    void theMaximumLeavesMilliCreditArithmeticAHundredfoldHeadroomOverAMonthOfMaximalRows() {
        long rowsInAMonth = 1_000_000_000L; // far above the ~1.5 million rows a month of the busiest shape
        long monthAtTheMaximum = Math.multiplyExact(Math.multiplyExact((long) ClayCallback.MAX_CREDITS_USED,
                MILLI_PER_CREDIT), rowsInAMonth);
        assertThat(monthAtTheMaximum).isLessThan(Long.MAX_VALUE / 100);
    }

    @Test
    void theMaximumIsAConstantNotAFieldOnTheWire() {
        ClayCallback callback = new ClayCallback("c", null, null, null, ResultStatus.SUCCESS, Map.of("a", 1), 3.0);
        assertThat(Json.writeString(callback)).doesNotContain("max").contains("\"credits_used\":3.0");
    }
}
