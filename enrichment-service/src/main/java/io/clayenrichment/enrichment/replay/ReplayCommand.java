package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.config.Env;
import io.clayenrichment.common.config.SettingsException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code java -jar enrichment-service.jar dlq replay [options]}: settings from the environment like
 * the service, options from the arguments. Exit codes: 0 done, 1 failed (Kafka), 2 bad usage or settings.
 */
public final class ReplayCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ReplayCommand() {}

    /** Whether {@code args} ask for a command rather than the service. */
    public static boolean isCommand(String[] args) {
        return args.length > 0;
    }

    public static int run(List<String> args, Env env, PrintStream out, PrintStream err, boolean terminal) {
        if (args.size() < 2 || !args.get(0).equals("dlq") || !args.get(1).equals("replay")) {
            err.println("enrichment-service: unknown command '" + String.join(" ", args) + "'; "
                    + ReplayOptions.USAGE + " (no arguments runs the service)");
            return USAGE;
        }
        ReplayOptions options;
        ReplaySettings settings;
        try {
            options = ReplayOptions.parse(args.subList(2, args.size()));
            settings = ReplaySettings.fromEnv(env);
        } catch (UsageException | SettingsException e) {
            err.println("dlq replay: " + e.getMessage());
            return USAGE;
        }
        try {
            ReplaySummary summary = new DlqReplay(settings, options, out,
                    new Progress(err, terminal, Clock.systemUTC()), Clock.systemUTC()).run();
            summary.lines().forEach(out::println);
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dlq replay: interrupted; nothing of the unfinished batch was replayed");
            return FAILED;
        } catch (Exception e) {
            err.println("dlq replay failed: " + e + " (committed batches stay replayed; run again to continue)");
            return FAILED;
        }
    }
}
