package io.clayenrichment.receiver.bench;

import io.clayenrichment.receiver.support.RunningReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load: each of {@code connections} callers posts a callback, waits for the answer
 * and posts the next, on a JDK HttpClient driven by {@code clientThreads} threads. Every callback has
 * its own correlation id, so none is a duplicate.
 */
final class ClosedLoopClient implements AutoCloseable {

    private static final int MAX_SAMPLES = 4_000_000;

    private final URI uri;
    private final int connections;
    private final ExecutorService executor;
    private final HttpClient client;
    private final AtomicLong sequence = new AtomicLong();

    ClosedLoopClient(int port, ReceiverLoadBenchmark.LoadSettings load) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/clay-webhook");
        this.connections = load.connections();
        this.executor = Executors.newFixedThreadPool(load.clientThreads());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    LoadResult run(Duration duration) throws InterruptedException {
        long[] latencies = new long[MAX_SAMPLES];
        AtomicInteger count = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            next(end, latencies, count, failures, done);
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        return LoadResult.of(latencies, Math.min(count.get(), MAX_SAMPLES), failures.get(), seconds);
    }

    private void next(long end, long[] latencies, AtomicInteger count, AtomicLong failures, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        client.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int index = count.getAndIncrement();
            if (index < MAX_SAMPLES) {
                latencies[index] = System.nanoTime() - sent;
            }
            if (error != null || response.statusCode() != 200) {
                failures.incrementAndGet();
            }
            next(end, latencies, count, failures, done);
        });
    }

    private HttpRequest request() {
        long n = sequence.incrementAndGet();
        String body = "{\"correlation_id\":\"bench-" + n + "\",\"contact_key\":\"email:person" + n
                + "@example.com\",\"tenant\":\"acme\",\"request_id\":\"crm-" + n + "\",\"status\":\"success\","
                + "\"credits_used\":3,\"data\":{\"work_email\":\"person" + n + "@example.com\",\"title\":"
                + "\"Head of Revenue Operations\",\"company_size\":\"201-500\",\"linkedin_url\":"
                + "\"https://www.linkedin.com/in/person" + n + "\",\"location\":\"London, UK\"}}";
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("X-Clay-Callback-Secret", RunningReceiver.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
