package io.clayenrichment.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image as the registry holds it: its manifest and its config (what {@code skopeo inspect --config}
 * shows), read through the registry's HTTP API.
 */
record PushedImage(String repository, String tag, JsonNode manifest, JsonNode config) {

    /** The image at repository:tag, or an AssertionError naming it when the registry has no such tag. */
    static PushedImage read(RegistryApi api, String repository, String tag) {
        JsonNode manifest = api.manifest(repository, tag)
                .orElseThrow(() -> new AssertionError("the registry has no manifest for " + repository + ":" + tag));
        JsonNode config = api.jsonBlob(repository, manifest.path("config").path("digest").asText());
        return new PushedImage(repository, tag, manifest, config);
    }

    String mediaType() {
        return manifest.path("mediaType").asText();
    }

    List<String> layerDigests() {
        List<String> digests = new ArrayList<>();
        manifest.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        return entrypoint;
    }

    String user() {
        return config.path("config").path("User").asText();
    }

    List<String> exposedPorts() {
        List<String> ports = new ArrayList<>();
        config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return ports;
    }

    Map<String, String> labels() {
        Map<String, String> labels = new TreeMap<>();
        config.path("config").path("Labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }
}
