package io.clayenrichment.receiver.http;

import io.clayenrichment.common.http.ApiError;
import io.clayenrichment.common.http.ErrorCode;
import java.time.Duration;

/** The 503 of an endpoint whose write Kafka did not acknowledge within the publish timeout. */
public final class KafkaUnavailable {

    private KafkaUnavailable() {}

    /** Tells the caller that Kafka did not take {@code what}, and to send it again after the publish timeout. */
    public static ApiError of(String what, Duration publishTimeout) {
        return new ApiError(ErrorCode.KAFKA_UNAVAILABLE, what + " could not be written to Kafka within "
                + publishTimeout + "; it was not accepted, send it again").retryAfter(publishTimeout);
    }
}
