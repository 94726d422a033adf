package io.clayenrichment.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.clayenrichment.common.testing.ContractSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "Error codes" table of {@code docs/http-api.md} is the one place the codes are documented: it
 * names every {@link ErrorCode}, with its status, and no code that does not exist.
 */
class ErrorCodesDocTest {

    private static final String HEADING = "### Error codes";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{3}) \\|.*\\|\\s*$");

    private static Map<String, Integer> documented;

    @BeforeAll
    static void read() throws IOException {
        documented = table(Files.readString(ContractSchemas.docs().resolve("http-api.md"), StandardCharsets.UTF_8));
    }

    @Test
    void everyCodeHasARowWithItsStatus() {
        Map<String, Integer> missingOrWrong = new TreeMap<>(inCode());
        missingOrWrong.entrySet().removeIf(code -> code.getValue().equals(documented.get(code.getKey())));
        assertThat(missingOrWrong).as("codes (and their status) missing from the table in docs/http-api.md").isEmpty();
    }

    @Test
    void everyRowNamesACodeThatExists() {
        Map<String, Integer> unknown = new TreeMap<>(documented);
        unknown.keySet().removeAll(inCode().keySet());
        assertThat(unknown).as("codes docs/http-api.md names that ErrorCode does not have").isEmpty();
    }

    @Test
    void theTableIsFoundAndReadWhole() {
        assertThat(documented).containsEntry("internal", 500).containsEntry("body_too_large", 413)
                .containsEntry("not_ready", 503).hasSizeGreaterThan(20);
        assertThat(table("""
                ### Error codes

                | code | status | meaning | service |
                |---|---|---|---|
                | `invalid_json` | 400 | not JSON | both |
                | `gone` | 410 | no more | receiver |

                ### Health
                | `not_a_code` | 418 | outside the table | both |
                """)).isEqualTo(Map.of("invalid_json", 400, "gone", 410));
    }

    private static Map<String, Integer> inCode() {
        return Arrays.stream(ErrorCode.values()).collect(Collectors.toMap(ErrorCode::wire, ErrorCode::status));
    }

    /** The code and status of each row under the heading, up to the next heading. */
    private static Map<String, Integer> table(String page) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : page.split("\n")) {
            if (line.startsWith("#")) {
                inSection = line.strip().equals(HEADING);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                Integer before = rows.put(row.group(1), Integer.valueOf(row.group(2)));
                assertThat(before).as("code " + row.group(1) + " has two rows").isNull();
            }
        }
        return rows;
    }
}
