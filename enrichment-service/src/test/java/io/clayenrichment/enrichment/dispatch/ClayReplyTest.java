package io.clayenrichment.enrichment.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.enrichment.dispatch.ClayReply.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClayReplyTest {

    private static ClayReply reply(int status, String body) {
        return new ClayReply(status, null, ClayReply.excerpt(body, "tok-123"), null, Duration.ofMillis(5));
    }

    @Test
    void answersAreClassifiedAsTheBriefSays() {
        assertThat(reply(200, "{}").kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(reply(202, "").kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(reply(429, "slow down").kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(reply(500, "").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(reply(503, "").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(ClayReply.failed("timed out", Duration.ofSeconds(10), true).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(reply(400, "{\"error\":\"webhook_limit_reached\"}").kind()).isEqualTo(Kind.URL_USED_UP);
        assertThat(reply(403, "{\"error\": \"webhook_limit_reached\", \"detail\": \"50000\"}").kind())
                .isEqualTo(Kind.URL_USED_UP);
        assertThat(reply(400, "{\"error\":\"bad_row\"}").kind()).isEqualTo(Kind.REJECTED);
        assertThat(reply(401, "unauthorized").kind()).isEqualTo(Kind.REJECTED);
        assertThat(reply(404, "not found").kind()).isEqualTo(Kind.REJECTED);
        assertThat(reply(302, "").kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void descriptionsAreShortOneLineAndNeverHoldTheToken() {
        ClayReply reply = reply(401, "bad token tok-123\n" + "x".repeat(1_000));
        assertThat(reply.describe()).startsWith("HTTP 401: bad token [redacted] x").doesNotContain("tok-123")
                .doesNotContain("\n").hasSizeLessThan(220);
        assertThat(ClayReply.failed("timed out after PT10S", Duration.ZERO, true).describe())
                .isEqualTo("no answer from Clay: timed out after PT10S");
        assertThat(ClayReply.failed("x", Duration.ZERO, false).statusTag()).isEqualTo("io_error");
    }

    @Test
    void onlyAnAcceptanceOrAnAnswerThatNeverCameMeansClayMayHaveTheRow() {
        assertThat(reply(200, "{}").mayHaveReachedClay()).isTrue();
        assertThat(ClayReply.failed("timed out after PT10S", Duration.ZERO, true).mayHaveReachedClay()).isTrue();
        assertThat(ClayReply.failed("ConnectException: refused", Duration.ZERO, false).mayHaveReachedClay()).isFalse();
        for (int status : new int[] {400, 401, 404, 429, 500, 502, 503}) {
            assertThat(reply(status, "").mayHaveReachedClay()).as("HTTP %s", status).isFalse();
        }
    }
}
