package io.clayenrichment.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clayenrichment.common.testing.TestKafka;
import io.clayenrichment.receiver.support.ResultsTopic;
import io.clayenrichment.receiver.support.RunningReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping the receiver lets a request already in flight finish, and its result reaches Kafka. */
class GracefulShutdownTest {

    @Test
    void aRequestInFlightWhenStopIsRequestedCompletesAndIsPublished() throws Exception {
        String topic = TestKafka.uniqueName("results");
        TestKafka.createTopics(1, topic);
        RunningReceiver receiver = RunningReceiver.start(
                RunningReceiver.environment(TestKafka.bootstrapServers(), topic));
        int port = receiver.port();
        String id = TestKafka.uniqueName("in-flight");
        byte[] body = ("{\"correlation_id\":\"" + id + "\",\"data\":{\"title\":\"CTO\"}}")
                .getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /clay-webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-Clay-Callback-Secret: " + RunningReceiver.SECRET + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            // The handler is now reading the body: the request is in flight.
            await().atMost(Duration.ofSeconds(10)).until(GracefulShutdownTest::aThreadReadsACallbackBody);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(receiver::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
            assertThat(stopped).isNotDone();

            out.write(body, half, body.length - half);
            out.flush();
            String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 200").contains("\"status\":\"accepted\"");
            stopped.get(30, TimeUnit.SECONDS);
        }
        assertThat(ResultsTopic.readUntil(TestKafka.bootstrapServers(), topic,
                records -> records.stream().anyMatch(r -> r.value().contains(id)), Duration.ofSeconds(30)))
                .isNotEmpty();
    }

    private static boolean aThreadReadsACallbackBody() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().endsWith(".BodyLimit") && frame.getMethodName().equals("read")));
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
