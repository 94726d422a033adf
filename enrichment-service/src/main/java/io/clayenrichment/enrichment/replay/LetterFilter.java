package io.clayenrichment.enrichment.replay;

import io.clayenrichment.common.deadletter.DeadLetterReason;

/** Whether a dead letter is one the operator chose with {@code --reason}, {@code --tenant}, {@code --from}, {@code --to}. */
final class LetterFilter {

    private final ReplayOptions options;

    LetterFilter(ReplayOptions options) {
        this.options = options;
    }

    boolean matches(Letter letter) {
        if (!options.reasons().isEmpty()
                && options.reasons().stream().map(DeadLetterReason::wire).noneMatch(letter.reason()::equals)) {
            return false;
        }
        if (options.tenant().isPresent() && !options.tenant().equals(letter.tenant())) {
            return false;
        }
        var failedAt = letter.failedAt();
        return options.from().map(from -> !failedAt.isBefore(from)).orElse(true)
                && options.to().map(failedAt::isBefore).orElse(true);
    }
}
