package io.clayenrichment.enrichment.dispatch;

/**
 * What the dispatcher keeps per Clay workspace: its settings, its URL pool with the submission
 * counts, its share of the workspace's rate limit, and how long Clay asked it to hold after a 429.
 * Used from the dispatcher's thread only, but for the pool and the bucket, which gauges read.
 */
final class WorkspaceChannel {

    final ClayWorkspace workspace;
    final UrlPool pool;
    final TokenBucket bucket;
    /** Clay answered 429 for this workspace: nothing is sent to it before this time (System.nanoTime). */
    long holdUntilNanos = System.nanoTime();
    int lastUrlIndex = -1;
    boolean poolLowReported;

    WorkspaceChannel(ClayWorkspace workspace) {
        this.workspace = workspace;
        this.pool = new UrlPool(workspace.webhookUrls(), workspace.urlSubmissionLimit(), !workspace.passthroughTable());
        // No partitions yet, so almost no share: the first assignment gives this instance its part.
        RateShare none = RateShare.of(workspace.ratePerSecond(), workspace.rateBurst(), 0, 1);
        this.bucket = new TokenBucket(none.ratePerSecond(), none.burst(), System::nanoTime);
    }

    String name() {
        return workspace.name();
    }

    /** Takes this instance's share of the workspace's limit for {@code assigned} of {@code total} partitions. */
    RateShare reshare(int assigned, int total) {
        RateShare share = RateShare.of(workspace.ratePerSecond(), workspace.rateBurst(), assigned, total);
        bucket.reconfigure(share.ratePerSecond(), share.burst());
        return share;
    }
}
