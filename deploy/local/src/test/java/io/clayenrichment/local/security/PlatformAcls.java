package io.clayenrichment.local.security;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL table of {@code docs/kafka-security.md}, once, in code: every binding each principal needs,
 * read from what the services' code does with Kafka. Describe is not listed where Read or Write on the
 * same resource implies it, nor IdempotentWrite on the cluster: since Kafka 3.0 (KIP-679) Write on any
 * topic allows an idempotent producer.
 */
final class PlatformAcls {

    static final String CALLBACKS = "callbacks";
    static final String INTAKE = "HTTP intake";
    static final String TOPOLOGY = "topology";
    static final String DISPATCHER = "Clay dispatcher";
    static final String BUDGET_API = "budget API";
    static final String SYNC_API = "POST /v1/enrich";
    static final String REPLAY = "dlq replay";
    static final String PROVISIONER = "topics Job";

    private final Map<Key, Set<String>> neededBy = new LinkedHashMap<>();

    private record Key(Principal principal, ResourcePattern resource, AclOperation operation) {}

    private PlatformAcls() {}

    static List<PlatformAcl> of(PlatformNames names) {
        PlatformAcls acls = new PlatformAcls();
        acls.receiver(names);
        acls.enrichmentService(names);
        acls.replay(names);
        acls.provisioner(names);
        return acls.sorted();
    }

    private void receiver(PlatformNames names) {
        allow(Principal.WEBHOOK_RECEIVER, CALLBACKS, topic(names.results()), WRITE);
        allow(Principal.WEBHOOK_RECEIVER, INTAKE, topic(names.requests()), WRITE);
    }

    private void enrichmentService(PlatformNames names) {
        Principal service = Principal.ENRICHMENT_SERVICE;
        for (String input : List.of(names.requests(), names.results(), names.receipts(), names.budgets(),
                names.budgetChanges(), names.workspaceGrants())) {
            allow(service, TOPOLOGY, topic(input), READ);
        }
        // The budget fold writes each tenant's folded budget to the budgets topic.
        // The workspace budget's owner writes its grants to the decider tasks.
        for (String output : List.of(names.results(), names.deadLetters(), names.budgets(), names.workspaceGrants())) {
            allow(service, TOPOLOGY, topic(output), WRITE);
        }
        names.outboundLanes().forEach(lane -> allow(service, TOPOLOGY, topic(lane), WRITE));
        allow(service, TOPOLOGY, group(names.applicationId()), READ);
        // Repartition topics and changelogs are named <application.id>-...; Streams purges repartition
        // topics it has read (Delete) and, with exactly_once_v2, names its transactional ids after the application.
        allow(service, TOPOLOGY, prefixed(ResourceType.TOPIC, names.applicationId()), CREATE, READ, WRITE, DELETE);
        allow(service, TOPOLOGY, prefixed(ResourceType.TRANSACTIONAL_ID, names.applicationId()), WRITE);

        names.outboundLanes().forEach(lane -> allow(service, DISPATCHER, topic(lane), READ));
        allow(service, DISPATCHER, group(names.dispatcherGroup()), READ);
        allow(service, DISPATCHER, topic(names.urlSubmissions()), READ, WRITE);
        allow(service, DISPATCHER, topic(names.receipts()), WRITE);
        allow(service, DISPATCHER, topic(names.deadLetters()), WRITE);

        allow(service, BUDGET_API, topic(names.budgetChanges()), WRITE);

        allow(service, SYNC_API, topic(names.requests()), WRITE);
        for (String outcome : List.of(names.results(), names.deadLetters())) {
            allow(service, SYNC_API, topic(outcome), READ);
        }
        names.outboundLanes().forEach(lane -> allow(service, SYNC_API, topic(lane), READ));
    }

    private void replay(PlatformNames names) {
        allow(Principal.DLQ_REPLAY, REPLAY, topic(names.deadLetters()), READ);
        // Its ledger is created by the command's first run, not by the topics Job.
        allow(Principal.DLQ_REPLAY, REPLAY, topic(names.replayed()), CREATE, READ, WRITE);
        allow(Principal.DLQ_REPLAY, REPLAY, topic(names.requests()), WRITE);
        allow(Principal.DLQ_REPLAY, REPLAY,
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, names.replayTransactionalId(), PatternType.LITERAL),
                WRITE);
    }

    private void provisioner(PlatformNames names) {
        // Create alone does not imply Describe, which it needs to see which topics exist and that new ones are up.
        for (String name : List.of(names.requests(), names.results(), names.deadLetters(), names.outbound(),
                names.outboundUrgent(), names.outboundBackfill(), names.budgets(), names.urlSubmissions(),
                names.receipts(), names.budgetChanges(), names.workspaceGrants())) {
            allow(Principal.TOPIC_PROVISIONER, PROVISIONER, topic(name), CREATE, DESCRIBE);
        }
    }

    private void allow(Principal principal, String component, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            neededBy.computeIfAbsent(new Key(principal, resource, operation), key -> new HashSet<>()).add(component);
        }
    }

    private List<PlatformAcl> sorted() {
        List<PlatformAcl> acls = new ArrayList<>();
        neededBy.forEach((key, components) -> acls.add(
                new PlatformAcl(key.principal(), key.resource(), key.operation(), components)));
        acls.sort(Comparator.comparing((PlatformAcl acl) -> acl.principal().ordinal())
                .thenComparing(acl -> acl.resource().resourceType().ordinal())
                .thenComparing(acl -> acl.resource().patternType().ordinal())
                .thenComparing(acl -> acl.resource().name())
                .thenComparing(acl -> acl.operation().ordinal()));
        return acls;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String name) {
        return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }
}
