package io.clayenrichment.local.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * The three forms {@code docs/kafka-security.md} gives the ACL table in: a Markdown table, kafka-acls.sh
 * commands and Strimzi KafkaUser resources. The documentation test asserts the page holds exactly these,
 * so the page is pasted from here whenever {@link PlatformAcls} changes.
 */
final class AclDocument {

    static final String TABLE_HEADER = "| Principal | Resource | Pattern | Name | Operation | Needed by |";

    private final List<PlatformAcl> acls;

    AclDocument(List<PlatformAcl> acls) {
        this.acls = List.copyOf(acls);
    }

    String table() {
        StringBuilder table = new StringBuilder(TABLE_HEADER).append("\n|---|---|---|---|---|---|\n");
        for (PlatformAcl acl : acls) {
            table.append("| `").append(acl.principal().kafkaPrincipal()).append("` | ").append(acl.resourceTypeName())
                    .append(" | ").append(acl.patternName()).append(" | ")
                    .append(acl.isCluster() ? "" : "`" + acl.resource().name() + "`").append(" | ")
                    .append(acl.operationName()).append(" | ")
                    .append(String.join(", ", new TreeSet<>(acl.neededBy()))).append(" |\n");
        }
        return table.toString();
    }

    /** One command per principal and resource, with all its operations. */
    List<String> commands() {
        List<String> commands = new ArrayList<>();
        byPrincipalAndResource().forEach((principal, resources) -> resources.forEach((resource, granted) -> {
            PlatformAcl first = granted.get(0);
            StringBuilder command = new StringBuilder("kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\""
                    + " --command-config admin.properties --add \\\n  --allow-principal ")
                    .append(principal.kafkaPrincipal());
            granted.forEach(acl -> command.append(" --operation ").append(acl.operationName()));
            command.append(" \\\n  ").append(resourceFlag(first));
            commands.add(command.toString());
        }));
        return commands;
    }

    /** One KafkaUser per principal (SCRAM-SHA-512; the cluster name is a placeholder). */
    String strimziUsers() {
        StringBuilder yaml = new StringBuilder();
        byPrincipalAndResource().forEach((principal, resources) -> {
            if (!yaml.isEmpty()) {
                yaml.append("---\n");
            }
            yaml.append("apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata:\n  name: ")
                    .append(principal.user).append("\n  labels:\n    strimzi.io/cluster: my-cluster\nspec:\n")
                    .append("  authentication:\n    type: scram-sha-512\n  authorization:\n    type: simple\n")
                    .append("    acls:\n");
            resources.forEach((resource, granted) -> {
                PlatformAcl first = granted.get(0);
                String type = first.resourceTypeName();
                yaml.append("      - resource:\n          type: ")
                        .append(Character.toLowerCase(type.charAt(0))).append(type.substring(1)).append('\n');
                if (!first.isCluster()) {
                    yaml.append("          name: ").append(resource.name()).append("\n          patternType: ")
                            .append(first.patternName()).append('\n');
                }
                yaml.append("        operations: [").append(granted.stream().map(PlatformAcl::operationName)
                        .collect(Collectors.joining(", "))).append("]\n");
            });
        });
        return yaml.toString();
    }

    private Map<Principal, Map<ResourcePattern, List<PlatformAcl>>> byPrincipalAndResource() {
        Map<Principal, Map<ResourcePattern, List<PlatformAcl>>> grouped = new LinkedHashMap<>();
        for (PlatformAcl acl : acls) {
            grouped.computeIfAbsent(acl.principal(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(acl.resource(), r -> new ArrayList<>()).add(acl);
        }
        return grouped;
    }

    private static String resourceFlag(PlatformAcl acl) {
        String flag = switch (acl.resource().resourceType()) {
            case TOPIC -> "--topic " + acl.resource().name();
            case GROUP -> "--group " + acl.resource().name();
            case TRANSACTIONAL_ID -> "--transactional-id " + acl.resource().name();
            case CLUSTER -> "--cluster";
            default -> throw new IllegalArgumentException("no kafka-acls.sh flag for " + acl.resource());
        };
        return acl.prefixed() ? flag + " --resource-pattern-type prefixed" : flag;
    }
}
