package io.clayenrichment.receiver.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clayenrichment.common.json.Json;
import java.net.http.HttpResponse;

/** Assertions on the receiver's JSON answers, shared by the endpoint tests. */
public final class ErrorAnswers {

    private ErrorAnswers() {}

    /** The answer has {@code status} and a JSON body {@code {"error": error, "detail": <not blank>}}. */
    public static void assertError(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("detail").asText()).isNotBlank();
    }

    public static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }
}
