package io.clayenrichment.receiver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures over real HTTP, alone and together with static secrets. */
class StandardWebhooksTest {

    private static final String SIGNING = "whsec_" + Base64.getEncoder()
            .encodeToString("signing-key-of-32-bytes-exactly!".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER = "whsec_" + Base64.getEncoder()
            .encodeToString("some-other-signing-key".getBytes(StandardCharsets.UTF_8));
    private static RunningReceiver receiver;

    @BeforeAll
    static void start() {
        String topic = TestKafka.uniqueName("results");
        TestKafka.createTopics(1, topic);
        Map<String, String> env = new java.util.HashMap<>(
                RunningReceiver.environment(TestKafka.bootstrapServers(), topic));
        env.put("CALLBACK_SIGNING_SECRETS", SIGNING);
        receiver = RunningReceiver.start(env);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aSignedRequestWithoutStaticSecretIsAccepted() {
        String body = body();
        assertThat(status(signed(body, SIGNING, now()), body)).isEqualTo(200);
    }

    @Test
    void aTamperedBodyIsRefused() {
        String body = body();
        assertThat(status(signed(body, SIGNING, now()), body.replace("CTO", "CEO"))).isEqualTo(401);
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        String body = body();
        assertThat(status(signed(body, OTHER, now()), body)).isEqualTo(401);
    }

    @Test
    void staleAndFutureTimestampsAreRefused() {
        // 10 s past the 5-minute tolerance, so whole-second timestamps never straddle the limit
        String body = body();
        assertThat(status(signed(body, SIGNING, now() - 310), body)).isEqualTo(401);
        assertThat(status(signed(body, SIGNING, now() + 310), body)).isEqualTo(401);
        assertThat(status(signed(body, SIGNING, now() - 240), body)).isEqualTo(200);
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String body = body();
        Headers good = signed(body, SIGNING, now());
        Headers wrong = signed(body, OTHER, good.timestamp());
        Headers several = new Headers(good.id(), good.timestamp(),
                "v1,bm90LWEtc2lnbmF0dXJl " + wrong.signature() + " v2,xyz " + good.signature());
        assertThat(status(several, body)).isEqualTo(200);
    }

    @Test
    void aValidStaticSecretDoesNotRescueAnInvalidSignature() {
        String body = body();
        Headers forged = signed(body, OTHER, now());
        HttpRequest request = receiver.callback(body)
                .header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .header("webhook-id", forged.id())
                .header("webhook-timestamp", Long.toString(forged.timestamp()))
                .header("webhook-signature", forged.signature())
                .build();
        assertThat(receiver.send(request).statusCode()).isEqualTo(401);
    }

    @Test
    void aSignatureWithoutItsIdIsRefused() {
        String body = body();
        Headers good = signed(body, SIGNING, now());
        HttpRequest request = receiver.callback(body)
                .header("webhook-timestamp", Long.toString(good.timestamp()))
                .header("webhook-signature", good.signature())
                .build();
        assertThat(receiver.send(request).statusCode()).isEqualTo(401);
    }

    private record Headers(String id, long timestamp, String signature) {}

    private static Headers signed(String body, String secret, long timestamp) {
        String id = TestKafka.uniqueName("msg");
        String signature = SignatureVerifier.sign(SigningSecret.parse(secret), id, Long.toString(timestamp),
                body.getBytes(StandardCharsets.UTF_8));
        return new Headers(id, timestamp, "v1," + signature);
    }

    private static int status(Headers headers, String body) {
        HttpRequest request = receiver.callback(body)
                .header("webhook-id", headers.id())
                .header("webhook-timestamp", Long.toString(headers.timestamp()))
                .header("webhook-signature", headers.signature())
                .timeout(Duration.ofSeconds(30))
                .build();
        return receiver.send(request).statusCode();
    }

    private static String body() {
        return "{\"correlation_id\":\"" + TestKafka.uniqueName("corr") + "\",\"data\":{\"title\":\"CTO\"}}";
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
