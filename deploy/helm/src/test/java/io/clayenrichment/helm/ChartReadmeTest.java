package io.clayenrichment.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart README's "Values" tables list every value of values.yaml, once, with its default as
 * values.yaml has it, and name only variables the services read.
 *
 * <p>A value is a leaf of values.yaml: maps recurse, a list or an empty map is one value. A row is
 * {@code | `path` | `default` note | `VARIABLE` or "any" or nothing | meaning |}; the default's code
 * span is {@link #render(JsonNode)} of the value (the README says how that is written), and any text
 * after it is a note the test does not read.
 */
class ChartReadmeTest {

    static final Path CHART_README = ChartRenderer.CHART.resolve("README.md");
    private static final Path VALUES = ChartRenderer.CHART.resolve("values.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Pattern CELL_SPLIT = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern PATH_CELL = Pattern.compile("`([A-Za-z0-9_.]+)`");
    private static final Pattern DEFAULT_CELL = Pattern.compile("`([^`]*)`(.*)");
    private static final Pattern VARIABLE_CELL = Pattern.compile("`([A-Z][A-Z0-9_]*\\*?)`");

    /** One row of a values table. */
    record Row(int line, String path, String defaultValue, String variable) {}

    @Test
    void everyValueHasOneRowWithItsDefault() throws IOException {
        assertThat(problems(Files.readString(CHART_README), values())).as("problems of %s", CHART_README).isEmpty();
    }

    @Test
    void theParserFindsTheTables() throws IOException {
        List<Row> rows = rows(Files.readString(CHART_README));
        // a guard against the section not being found or the table format changing under the parser
        assertThat(rows).hasSizeGreaterThan(200);
        assertThat(rows).extracting(Row::path).contains("kafka.bootstrapServers", "receiver.ingress.hosts",
                "metrics.dashboard.labels.grafana_dashboard", "containerSecurityContext.capabilities.drop");
    }

    @Test
    void variablesNamedAreSettingsTheServicesReadAndEveryChartSettingIsNamed() throws IOException {
        Set<String> known = new TreeSet<>(KnownSettings.all("receiver"));
        known.addAll(KnownSettings.all("enrichment"));
        List<Row> rows = rows(Files.readString(CHART_README));
        Set<String> named = rows.stream().map(Row::variable).filter(v -> !v.isEmpty() && !v.equals("any"))
                .collect(Collectors.toCollection(TreeSet::new));

        // any KAFKA_* variable is a client property (KafkaSettings), such as KAFKA_SSL_TRUSTSTORE_LOCATION
        assertThat(named.stream().filter(v -> !known.contains(v) && !v.startsWith("KAFKA_")))
                .as("variables in the chart README that no service reads").isEmpty();
        Set<String> unnamed = new TreeSet<>(known);
        unnamed.removeAll(named);
        unnamed.removeAll(KnownSettings.POD_IDENTITY);
        assertThat(unnamed).as("settings the chart sets that no row of the chart README names").isEmpty();
    }

    @Test
    void aMissingRowFailsNamingTheValue() throws IOException {
        String readme = Files.readString(CHART_README);
        String row = readme.lines().filter(line -> line.startsWith("| `receiver.port` |")).findFirst().orElseThrow();

        assertThat(problems(readme.replace(row + "\n", ""), values()))
                .containsExactly("receiver.port: in values.yaml, but no row in the chart README");
    }

    @Test
    void aRowForAValueThatDoesNotExistFails() throws IOException {
        String readme = Files.readString(CHART_README).replace("| `receiver.port` |", "| `receiver.httpPort` |");

        assertThat(problems(readme, values())).containsExactlyInAnyOrder(
                "receiver.port: in values.yaml, but no row in the chart README",
                "receiver.httpPort (line " + lineOf(readme, "| `receiver.httpPort` |") + "): no such value in values.yaml");
    }

    @Test
    void aWrongDefaultFails() throws IOException {
        String readme = Files.readString(CHART_README)
                .replace("| `topics.partitions` | `6` |", "| `topics.partitions` | `3` |")
                .replace("| `metrics.dashboard.labels.grafana_dashboard` | `\"1\"` |",
                        "| `metrics.dashboard.labels.grafana_dashboard` | `1` |");

        assertThat(problems(readme, values())).containsExactlyInAnyOrder(
                "topics.partitions (line " + lineOf(readme, "| `topics.partitions` |") + "): default `3` in the README, `6` in values.yaml",
                "metrics.dashboard.labels.grafana_dashboard (line " + lineOf(readme, "| `metrics.dashboard.labels.grafana_dashboard` |")
                        + "): default `1` in the README, `\"1\"` in values.yaml");
    }

    @Test
    void defaultsAreWrittenOneWay() throws IOException {
        assertThat(render(YAML.readTree("\"\""))).isEqualTo("\"\"");
        assertThat(render(YAML.readTree("null"))).isEqualTo("null");
        assertThat(render(YAML.readTree("0.1"))).isEqualTo("0.1");
        assertThat(render(YAML.readTree("-1"))).isEqualTo("-1");
        assertThat(render(YAML.readTree("\"1\""))).isEqualTo("\"1\"");
        assertThat(render(YAML.readTree("\"true\""))).isEqualTo("\"true\"");
        assertThat(render(YAML.readTree("PT30M"))).isEqualTo("PT30M");
        assertThat(render(YAML.readTree("{}"))).isEqualTo("{}");
        assertThat(render(YAML.readTree("[a, {b: [c, '']}]"))).isEqualTo("[a, {b: [c, \"\"]}]");
    }

    /** Everything wrong between the README's values tables and values.yaml; empty when they agree. */
    static List<String> problems(String readme, JsonNode values) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> leaves = leaves(values);
        Map<String, Row> byPath = new LinkedHashMap<>();
        for (Row row : rows(readme, problems)) {
            if (byPath.putIfAbsent(row.path(), row) != null) {
                problems.add(row.path() + " (line " + row.line() + "): a second row, after line " + byPath.get(row.path()).line());
            }
        }
        leaves.keySet().stream().filter(path -> !byPath.containsKey(path))
                .forEach(path -> problems.add(path + ": in values.yaml, but no row in the chart README"));
        for (Row row : byPath.values()) {
            JsonNode value = leaves.get(row.path());
            if (value == null) {
                problems.add(row.path() + " (line " + row.line() + "): no such value in values.yaml");
            } else if (!render(value).equals(row.defaultValue())) {
                problems.add(row.path() + " (line " + row.line() + "): default `" + row.defaultValue() + "` in the README, `"
                        + render(value) + "` in values.yaml");
            }
        }
        return problems;
    }

    static List<Row> rows(String readme) {
        List<String> problems = new ArrayList<>();
        List<Row> rows = rows(readme, problems);
        assertThat(problems).as("rows of %s the test cannot read", CHART_README).isEmpty();
        return rows;
    }

    /** The rows of every table in the "## Values" section; a row it cannot read is a problem. */
    private static List<Row> rows(String readme, List<String> problems) {
        List<String> lines = readme.lines().toList();
        int start = lines.indexOf("## Values");
        if (start < 0) {
            problems.add("no \"## Values\" section");
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| value |")) {
                continue;
            }
            int number = i + 1;
            String[] cells = CELL_SPLIT.split(line, -1);
            // "| a | b | c | d |" splits into "", a, b, c, d, ""
            if (cells.length != 6) {
                problems.add("line " + number + ": not a row of four cells: " + line);
                continue;
            }
            Matcher path = PATH_CELL.matcher(cells[1].trim());
            Matcher defaultValue = DEFAULT_CELL.matcher(cells[2].trim());
            String variableCell = cells[3].trim();
            Matcher variable = VARIABLE_CELL.matcher(variableCell);
            if (!path.matches()) {
                problems.add("line " + number + ": the first cell is not one `dotted.path`: " + cells[1].trim());
            } else if (!defaultValue.matches()) {
                problems.add("line " + number + ": the default does not start with a code span: " + cells[2].trim());
            } else if (!variableCell.isEmpty() && !variableCell.equals("any") && !variable.matches()) {
                problems.add("line " + number + ": the variable cell is not empty, \"any\" or one `VARIABLE`: " + variableCell);
            } else {
                String name = variableCell.isEmpty() || variableCell.equals("any") ? variableCell : variable.group(1);
                rows.add(new Row(number, path.group(1), defaultValue.group(1), name));
            }
        }
        return rows;
    }

    /** Every value: maps recurse; a list, an empty map or a scalar is one value. In file order. */
    static Map<String, JsonNode> leaves(JsonNode values) {
        Map<String, JsonNode> leaves = new LinkedHashMap<>();
        collect("", values, leaves);
        return leaves;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(field -> collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                    field.getValue(), leaves));
        } else {
            leaves.put(prefix, node);
        }
    }

    /**
     * A default as the README writes it: strings as they are, {@code ""} when empty, in double quotes
     * when YAML would read them as something else or they hold flow-style punctuation; null, booleans and
     * numbers as written; lists and maps in YAML flow style.
     */
    static String render(JsonNode node) {
        if (node.isArray()) {
            return Stream.of(iterable(node)).map(ChartReadmeTest::render).collect(Collectors.joining(", ", "[", "]"));
        }
        if (node.isObject()) {
            return node.properties().stream().map(field -> field.getKey() + ": " + render(field.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (node.isTextual()) {
            String text = node.asText();
            return needsQuotes(text) ? "\"" + text + "\"" : text;
        }
        return node.isNull() ? "null" : node.asText();
    }

    private static JsonNode[] iterable(JsonNode array) {
        JsonNode[] items = new JsonNode[array.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = array.get(i);
        }
        return items;
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty() || !text.strip().equals(text) || text.matches(".*([,\\[\\]{}#]|: ).*")) {
            return true;
        }
        try {
            JsonNode read = YAML.readTree(text);
            return read == null || !read.isTextual() || !read.asText().equals(text);
        } catch (IOException e) {
            return true;
        }
    }

    private static JsonNode values() {
        return ValuesFile.read(VALUES).root();
    }

    private static int lineOf(String text, String start) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with " + start);
    }
}
