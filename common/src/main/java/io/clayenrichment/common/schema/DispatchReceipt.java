package io.clayenrichment.common.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * What the Clay dispatcher did with one outbound row, on the internal receipts topic (key = tenant),
 * for the topology that owns the row's attempt. The topology is the only writer of outcomes: a failed
 * row becomes its request's dead letter there, and a reservation is released only when a receipt says
 * the row never reached Clay.
 *
 * @param stage {@code sending} is written (and acknowledged by Kafka) before the row's first POST;
 *     {@code accepted}, {@code failed} and {@code expired} end the row
 * @param reachedClay whether Clay may have the row (and may charge for it)
 * @param reason for {@code failed}: the dead-letter reason ({@code clay_rejected}, {@code retries_exhausted})
 */
public record DispatchReceipt(
        String correlationId,
        String tenant,
        String contactKey,
        String requestId,
        Stage stage,
        Reach reachedClay,
        String reason,
        String detail,
        Instant at) {

    public enum Stage {
        /** About to be POSTed for the first time: from here on Clay may have it. */
        SENDING,
        /** Clay answered 2xx. */
        ACCEPTED,
        /** Given up for good (Clay refused it, or kept failing); {@code reason} says which. */
        FAILED,
        /** Its attempt's deadline came before it could be sent (Clay down, backlog); not sent again. */
        EXPIRED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Stage fromWire(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }

        /** The dispatcher gave the row up: Clay did not accept it, and it is not sent again. */
        public boolean givesUp() {
            return this == FAILED || this == EXPIRED;
        }
    }

    public enum Reach {
        /** No POST of the row can have reached Clay: nothing is charged for it. */
        NO,
        /** A POST may have reached Clay (a timeout, a connection lost after sending). */
        MAYBE,
        /** Clay accepted it. */
        YES;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Reach fromWire(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }
}
