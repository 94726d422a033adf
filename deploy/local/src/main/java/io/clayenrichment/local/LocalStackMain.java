package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * The README's run command. {@code up} (the default) starts a real Kafka broker, the Clay sandbox
 * (unless {@code CLAY_WEBHOOK_URLS} names real Clay tables), the webhook receiver and the enrichment
 * service, produces a demo batch (or the JSON lines of {@code --file}) and shows where the requests
 * go; against real Clay tables only when {@code LOCAL_DEMO_COUNT} is set (see {@link DemoPlan}). {@code kafka} starts the broker alone. Ctrl-C stops everything cleanly; data stays for the next run.
 */
public final class LocalStackMain {

    private static final String USAGE = """
            usage: local-stack [up [--file requests.jsonl] | kafka]
              up      Kafka, the Clay sandbox, the webhook receiver and the enrichment service, then a demo
                      batch of requests (LOCAL_DEMO_COUNT, default 300; 0 for none; with real Clay tables
                      in CLAY_WEBHOOK_URLS none unless LOCAL_DEMO_COUNT is set) or --file's JSON lines
              kafka   only the Kafka broker""";

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        String command = args.length == 0 ? "up" : args[0];
        Path demoFile = null;
        if (args.length == 3 && command.equals("up") && args[1].equals("--file")) {
            demoFile = Path.of(args[2]).toAbsolutePath();
        } else if (args.length > 1 || !(command.equals("up") || command.equals("kafka"))) {
            fail(USAGE);
        }
        LocalStackSettings settings = null;
        try {
            settings = LocalStackSettings.fromEnv(Env.system(), Path.of("").toAbsolutePath(), demoFile);
        } catch (SettingsException e) {
            fail("local-stack: " + e.getMessage());
        }
        DemoPlan plan = DemoPlan.of(settings);
        List<byte[]> demo = command.equals("up") ? demoRequests(settings, plan) : List.of();

        LocalStack stack = new LocalStack(settings, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Path dataDir = settings.dataDir();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping ...");
            stack.close();
            out.println("stopped; data kept in " + dataDir + " for the next run");
            stopped.countDown();
        }, "local-stack-stop"));

        try {
            stack.startKafka();
            if (command.equals("up")) {
                startPlatform(stack, settings);
            }
        } catch (Exception e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
        WhereToLook.print(out, settings, command.equals("up"));
        if (command.equals("up")) {
            plan.printSkipped(out);
        }
        if (!demo.isEmpty()) {
            new DemoRun(settings, out).run(demo, demoFile == null ? "demo batch: two tenants, duplicates, invalid ones"
                    : demoFile.toString());
            WhereToLook.printShort(out, settings);
        }
        out.println("\nrunning; Ctrl-C stops everything (data stays in " + dataDir + ")");
        stopped.await();
    }

    private static void startPlatform(LocalStack stack, LocalStackSettings settings) throws Exception {
        stack.createTopics();
        stack.startReceiver();
        if (settings.usesSandbox()) {
            stack.startSandbox();
            List<String> urls = IntStream.rangeClosed(1, 3)
                    .mapToObj(i -> settings.url(settings.sandboxPort()) + "/webhooks/table-" + i).toList();
            stack.startEnrichment(urls, LocalStackSettings.SANDBOX_TOKEN);
        } else {
            stack.startEnrichment(settings.realClayUrls(), settings.realClayToken());
        }
    }

    private static List<byte[]> demoRequests(LocalStackSettings settings, DemoPlan plan) throws IOException {
        if (settings.demoFile() != null) {
            if (!Files.isReadable(settings.demoFile())) {
                fail("local-stack: cannot read " + settings.demoFile());
            }
            return Files.readAllLines(settings.demoFile(), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
        }
        return DemoBatch.generate(plan.count(), 20261127L, Long.toString(System.currentTimeMillis(), 36));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
