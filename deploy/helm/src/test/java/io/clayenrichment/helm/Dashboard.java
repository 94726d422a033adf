package io.clayenrichment.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboard JSON and the PromQL queries of its panels. */
record Dashboard(String text, JsonNode root) {

    /** The copy users import by hand. */
    static final Path IN_REPO = Path.of("../grafana/clay-enrichment.json");
    /** The copy the chart ships in its ConfigMap (Helm cannot read files outside the chart). */
    static final Path IN_CHART = ChartRenderer.CHART.resolve("files/clay-enrichment.json");

    static Dashboard read(Path path) {
        try {
            String text = Files.readString(path);
            return new Dashboard(text, new ObjectMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + path, e);
        }
    }

    /** Every panel (rows included), flattened. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        root.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    /** Panel title -> its queries. */
    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> queries.add(new Query(panel.path("title").asText(), target.path("expr").asText())));
        }
        return queries;
    }

    record Query(String panel, String expr) {}
}
