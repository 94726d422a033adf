package io.clayenrichment.local;

import io.clayenrichment.common.topics.Topics;
import java.io.PrintStream;

/** What the local stack prints so a user knows where to look and what to try. */
final class WhereToLook {

    /** The local stack's services run with the default topic names. */
    private static final Topics TOPICS = Topics.defaults();

    private WhereToLook() {}

    static void print(PrintStream out, LocalStackSettings s, boolean platform) {
        out.println();
        out.println("Kafka               " + s.bootstrapServers() + "   (log: " + s.dataDir().resolve("kafka/broker.log") + ")");
        if (!platform) {
            out.println("read a topic        kcat -b " + s.bootstrapServers() + " -t " + TOPICS.results()
                    + " -C -e -f '%k %s\\n'");
            return;
        }
        String receiver = s.url(s.receiverPort());
        String enrichment = s.url(s.enrichmentPort());
        out.println("webhook receiver    " + receiver + "/clay-webhook   (X-Clay-Callback-Secret: " + s.callbackSecret() + ")");
        out.println("enrichment service  " + enrichment + "/v1/budgets   (operator token: " + s.operatorToken() + ")");
        out.println("HTTP in             " + receiver + "/v1/requests   " + enrichment + "/v1/enrich   (intake token: "
                + s.intakeToken() + ")");
        if (s.usesSandbox()) {
            out.println("Clay sandbox        " + s.url(s.sandboxPort()) + "/admin/stats   (webhooks /webhooks/table-1..3)");
        } else {
            out.println("Clay                " + s.realClayUrls().size() + " webhook URL(s) from CLAY_WEBHOOK_URLS");
        }
        out.println("metrics             " + receiver + "/metrics   " + enrichment + "/metrics");
        out.println("logs                " + s.logDir());
        out.println("topics              " + TOPICS.requests() + " -> " + TOPICS.outbound() + " -> " + TOPICS.results()
                + ", dead letters in " + TOPICS.deadLetters());
    }

    static void printShort(PrintStream out, LocalStackSettings s) {
        String kafka = s.bootstrapServers();
        out.println();
        out.println("look closer:");
        out.println("  kcat -b " + kafka + " -t " + TOPICS.results() + " -C -e -f '%k %s\\n'");
        out.println("  kcat -b " + kafka + " -t " + TOPICS.deadLetters() + " -C -e -f '%h\\n%s\\n\\n'");
        out.println("  curl -s -H 'Authorization: Bearer " + s.operatorToken() + "' " + s.url(s.enrichmentPort())
                + "/v1/budgets");
        out.println("  echo '{\"tenant\":\"acme\",\"email\":\"ada@example.com\"}' | kcat -b " + kafka
                + " -t " + TOPICS.requests() + " -P");
        out.println("  curl -s -H 'Authorization: Bearer " + s.intakeToken() + "' -H 'Content-Type: application/json' "
                + s.url(s.enrichmentPort()) + "/v1/enrich -d '{\"tenant\":\"acme\",\"email\":\"ada@example.com\"}'");
        out.println("  deploy/local/run.sh up --file my-contacts.jsonl   (one request JSON per line)");
    }
}
