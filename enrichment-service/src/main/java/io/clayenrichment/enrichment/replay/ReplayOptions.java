package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.deadletter.DeadLetterReason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The options of {@code dlq replay}: which dead letters to replay, and how.
 *
 * @param reasons the reasons to replay; empty means every reason
 * @param from inclusive lower bound of the failure time, if given
 * @param to exclusive upper bound of the failure time, if given
 */
public record ReplayOptions(Set<DeadLetterReason> reasons, Optional<String> tenant, Optional<Instant> from,
        Optional<Instant> to, boolean dryRun, int maxReplays) {

    public static final int DEFAULT_MAX_REPLAYS = 3;

    public static final String USAGE = "usage: dlq replay [--reason <r>[,<r>...]] [--tenant <t>] "
            + "[--from <ISO instant>] [--to <ISO instant>] [--max-replays <n>] [--dry-run]";

    public ReplayOptions {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(reasons);
    }

    /** Parses the arguments after {@code dlq replay}. */
    public static ReplayOptions parse(List<String> args) {
        Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
        Optional<String> tenant = Optional.empty();
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        boolean dryRun = false;
        int maxReplays = DEFAULT_MAX_REPLAYS;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--dry-run" -> dryRun = true;
                case "--reason" -> reasons.addAll(reasons(value(args, ++i, option)));
                case "--tenant" -> tenant = Optional.of(value(args, ++i, option));
                case "--from" -> from = Optional.of(instant(value(args, ++i, option), option));
                case "--to" -> to = Optional.of(instant(value(args, ++i, option), option));
                case "--max-replays" -> maxReplays = positive(value(args, ++i, option), option);
                default -> throw new UsageException("unknown option '" + option + "'; " + USAGE);
            }
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new UsageException("--from " + from.get() + " must be before --to " + to.get());
        }
        return new ReplayOptions(reasons, tenant, from, to, dryRun, maxReplays);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--") || args.get(index).isBlank()) {
            throw new UsageException(option + " needs a value; " + USAGE);
        }
        return args.get(index).strip();
    }

    private static Set<DeadLetterReason> reasons(String value) {
        Set<DeadLetterReason> reasons = EnumSet.noneOf(DeadLetterReason.class);
        for (String wire : value.split(",")) {
            try {
                reasons.add(DeadLetterReason.fromWire(wire));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--reason: unknown reason '" + wire.strip() + "'; one of "
                        + EnumSet.allOf(DeadLetterReason.class).stream().map(DeadLetterReason::wire).toList());
            }
        }
        return reasons;
    }

    private static Instant instant(String value, String option) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + ": '" + value + "' is not an ISO instant such as 2026-11-27T09:00:00Z");
        }
    }

    private static int positive(String value, String option) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new UsageException(option + ": '" + value + "' is not a positive whole number");
    }
}
