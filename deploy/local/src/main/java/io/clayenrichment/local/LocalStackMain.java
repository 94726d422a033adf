package io.clayenrichment.local;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command: starts a real Kafka broker and the platform on this machine, shows how to
 * use it, and stops everything cleanly on Ctrl-C. {@code kafka} starts the broker alone.
 */
public final class LocalStackMain {

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        PrintStream out = System.out;
        LocalStackSettings settings;
        try {
            settings = LocalStackSettings.fromEnv(Env.system(), Path.of("").toAbsolutePath());
        } catch (SettingsException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!command.equals("up") && !command.equals("kafka")) {
            System.err.println("usage: local-stack [up|kafka]\n  up     Kafka and the platform (default)\n"
                    + "  kafka  only the Kafka broker");
            System.exit(2);
        }

        LocalStack stack = new LocalStack(settings, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping ...");
            stack.close();
            out.println("stopped; data kept in " + settings.dataDir() + " for the next run");
            stopped.countDown();
        }, "local-stack-stop"));

        try {
            stack.startKafka();
            if (command.equals("up")) {
                stack.startReceiver();
            }
        } catch (Exception e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
        printWhereToLook(out, settings, command.equals("up"));
        stopped.await();
    }

    private static void printWhereToLook(PrintStream out, LocalStackSettings settings, boolean platform) {
        out.println();
        out.println("Kafka:            " + settings.bootstrapServers());
        if (platform) {
            String receiver = "http://127.0.0.1:" + settings.receiverPort();
            out.println("webhook receiver: " + receiver + "/clay-webhook  (secret: " + settings.callbackSecret() + ")");
            out.println("metrics:          " + receiver + "/metrics");
            out.println();
            out.println("post a callback as Clay would:");
            out.println("  curl -s " + receiver + "/clay-webhook -H 'Content-Type: application/json' \\");
            out.println("    -H 'X-Clay-Callback-Secret: " + settings.callbackSecret() + "' \\");
            out.println("    -d '{\"correlation_id\":\"demo-1\",\"contact_key\":\"email:ada@example.com\","
                    + "\"tenant\":\"acme\",\"data\":{\"title\":\"Countess\"}}'");
        }
        out.println("read the results:");
        out.println("  kcat -b " + settings.bootstrapServers() + " -t enriched.contacts -C -e -f '%k %s\\n'");
        out.println();
        out.println("Ctrl-C stops everything; data stays in " + settings.dataDir());
    }
}
