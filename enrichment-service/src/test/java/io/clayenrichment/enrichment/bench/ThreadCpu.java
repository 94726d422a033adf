package io.clayenrichment.enrichment.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by what they do, read from {@code /proc/self/task} (Linux only): the
 * JIT compiler and the garbage collector are native threads that {@code ThreadMXBean} does not list,
 * and in a benchmark of seconds they can take as much CPU as the application. Thread names in
 * {@code /proc} are cut to 15 characters, so threads are grouped by how their names start.
 */
final class ThreadCpu {

    /** Groups in the order they are printed; a thread's group is the first whose prefixes match. */
    private static final Map<String, String[]> GROUPS = groups();
    private static final String OTHER = "other";
    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<String, Long> ticksByThread;
    private final String streamsPrefix;

    private ThreadCpu(Map<String, Long> ticksByThread, String streamsPrefix) {
        this.ticksByThread = ticksByThread;
        this.streamsPrefix = streamsPrefix;
    }

    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /**
     * Every thread's CPU ticks now; {@code applicationIdPrefix} names the Kafka Streams app, whose
     * threads (stream thread, state updater, global store thread) are named after it.
     */
    static ThreadCpu now(String applicationIdPrefix) {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> readTicks(task, ticks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ThreadCpu(ticks, applicationIdPrefix.substring(0, Math.min(15, applicationIdPrefix.length())));
    }

    /** Microseconds of CPU per record in each group since {@code earlier}, busiest groups kept in print order. */
    Map<String, Double> microsPerRecordSince(ThreadCpu earlier, long records) {
        Map<String, Long> ticksByGroup = new LinkedHashMap<>();
        ticksByGroup.put("streams", 0L);
        GROUPS.keySet().forEach(group -> ticksByGroup.put(group, 0L));
        ticksByGroup.put(OTHER, 0L);
        ticksByThread.forEach((thread, ticks) -> ticksByGroup.merge(groupOf(thread.substring(thread.indexOf('/') + 1)),
                ticks - earlier.ticksByThread.getOrDefault(thread, 0L), Long::sum));
        Map<String, Double> micros = new LinkedHashMap<>();
        // a tick is 10 ms (USER_HZ = 100 on Linux)
        ticksByGroup.forEach((group, ticks) -> micros.put(group, ticks * 10_000.0 / records));
        return micros;
    }

    private String groupOf(String threadName) {
        if (threadName.startsWith(streamsPrefix)) {
            return "streams";
        }
        for (Map.Entry<String, String[]> group : GROUPS.entrySet()) {
            for (String prefix : group.getValue()) {
                if (threadName.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return OTHER;
    }

    private static void readTicks(Path task, Map<String, Long> ticks) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int nameEnd = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
            // fields after the name: state is the 3rd field of the line, utime the 14th, stime the 15th
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            ticks.put(task.getFileName() + "/" + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (NoSuchFileException e) {
            // the thread ended between listing and reading
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String[]> groups() {
        Map<String, String[]> groups = new LinkedHashMap<>();
        groups.put("producer-io", new String[] {"kafka-producer-"});
        groups.put("broker", new String[] {"data-plane-kafk", "kafka-network-t", "kafka-0-", "kafka-request-h",
            "group-coordinat", "TxnMarkerSender", "AddPartitionsTo", "quorum-control", "kafka-scheduler",
            "kafka-log-clean", "ExpirationReape", "transaction-log", "controller-"});
        groups.put("jit", new String[] {"C1 CompilerThre", "C2 CompilerThre"});
        groups.put("gc", new String[] {"GC Thread", "G1 "});
        // the benchmark's own committed reader polls on the main thread
        groups.put("reader", new String[] {"java", "main"});
        return groups;
    }
}
