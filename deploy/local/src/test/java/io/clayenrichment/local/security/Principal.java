package io.clayenrichment.local.security;

/**
 * Who connects to Kafka, one principal per deployable: the Clay dispatcher runs inside the
 * enrichment-service process with the same {@code KAFKA_*} settings, so it shares that principal.
 * The names are the placeholders the documentation uses ({@code User:<name>}).
 */
enum Principal {
    WEBHOOK_RECEIVER("webhook-receiver"),
    ENRICHMENT_SERVICE("enrichment-service"),
    DLQ_REPLAY("dlq-replay"),
    TOPIC_PROVISIONER("topic-provisioner");

    final String user;

    Principal(String user) {
        this.user = user;
    }

    String kafkaPrincipal() {
        return "User:" + user;
    }
}
