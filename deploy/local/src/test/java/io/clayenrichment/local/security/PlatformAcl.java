package io.clayenrichment.local.security;

import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** One ALLOW binding of the platform, and which parts of the principal's process need it. */
record PlatformAcl(Principal principal, ResourcePattern resource, AclOperation operation, Set<String> neededBy) {

    PlatformAcl {
        neededBy = Set.copyOf(neededBy);
    }

    AclBinding toBinding() {
        return new AclBinding(resource, new AccessControlEntry(principal.kafkaPrincipal(), "*", operation,
                AclPermissionType.ALLOW));
    }

    /** {@code IDEMPOTENT_WRITE} -> {@code IdempotentWrite}: the spelling of kafka-acls.sh and Strimzi. */
    static String camel(String constant) {
        StringBuilder name = new StringBuilder();
        for (String word : constant.split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    String operationName() {
        return camel(operation.name());
    }

    String resourceTypeName() {
        return camel(resource.resourceType().name());
    }

    String patternName() {
        return resource.patternType().name().toLowerCase(Locale.ROOT);
    }

    boolean prefixed() {
        return resource.patternType() == PatternType.PREFIXED;
    }

    boolean isCluster() {
        return resource.resourceType() == ResourceType.CLUSTER;
    }
}
