package io.clayenrichment.receiver.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clayenrichment.common.json.Json;
import io.clayenrichment.common.schema.ClayCallback;
import io.clayenrichment.common.schema.EnrichmentResult;
import io.clayenrichment.common.schema.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The callback parser's rules, one by one: what it accepts, and the field each refusal names. */
class CallbackParserTest {

    private final CallbackParser parser = new CallbackParser();

    // credits_used

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "2.5", "\"3\"", "\" 2.5 \"", "10000", "1e4", "\"10000.000\"", "0.0004", "-0.0",
            "1e-300"})
    void creditsFromZeroToTheMaximumAreAcceptedAsSent(String credits) {
        double expected = Double.parseDouble(credits.replace("\"", "").strip());
        assertThat(parse("{\"correlation_id\":\"c\",\"credits_used\":" + credits + "}").creditsUsed())
                .isEqualTo(expected == 0 ? 0.0 : expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "\"null\"", "\" \""})
    void blankCreditsAreNotGiven(String credits) {
        assertThat(parse("{\"correlation_id\":\"c\",\"credits_used\":" + credits + "}").creditsUsed()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10000.001", "10001", "1e12", "1e16", "9.3e18", "\"20000\"", "1e400", "\"1e400\"",
            "-1", "-0.001", "\"-3\"", "-1e400", "100e2147483647", "\"100e2147483647\""})
    void creditsAboveTheMaximumOrNegativeAreRefusedNamingTheFieldAndTheMaximum(String credits) {
        refusesCredits(credits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-400", "\"1e-400\"", "1e9999999999", "-1e9999999999", "\"1e9999999999\"",
            "1e-9999999999"})
    void creditsItCannotRepresentAreRefusedNamingTheFieldAndTheMaximum(String credits) {
        refusesCredits(credits).hasMessageContaining("cannot be represented");
    }

    @Test
    void creditsWithEnormousDigitCountsAreRefused() {
        refusesCredits("1" + "0".repeat(900));
        refusesCredits("0." + "0".repeat(900) + "1");
        refusesCredits("\"" + "9".repeat(5000) + "\"").hasMessageContaining("5000 characters");
        refusesCredits("1" + "0".repeat(1000)).hasMessageContaining("more than 1000 characters");
        refusesCredits("0." + "0".repeat(2000) + "1").hasMessageContaining("more than 1000 characters");
    }

    @Test
    void aNumberTooLongToReadElsewhereIsStillA400() {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"data\":{\"n\":1" + "0".repeat(1000) + "}}"))
                .isInstanceOf(CallbackFormatException.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"data\":{\"n\":1e9999999999}}"))
                .isInstanceOf(CallbackFormatException.class)
                .hasMessage("field 'data.n': the number 1e9999999999 cannot be represented");
    }

    @Test
    void aRefusalEchoesTheAmountAsRead() {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"credits_used\":1e16}"))
                .hasMessage("field 'credits_used': expected a number from 0 to 10000, got 1E+16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "[3]", "{\"value\":3}", "\"three\"", "\"3 credits\"", "\"NaN\""})
    void creditsThatAreNotANumberAreRefused(String credits) {
        refusesCredits(credits);
    }

    // the identifiers and the status are strings

    @ParameterizedTest
    @ValueSource(strings = {"correlation_id", "contact_key", "tenant", "request_id", "status"})
    void aContractTextFieldThatIsNotAStringIsRefusedNamingIt(String field) {
        for (String value : new String[] {"1", "1.5", "true", "false", "[\"a\"]", "{\"a\":\"b\"}", "[]", "{}"}) {
            String body = (field.equals("correlation_id") ? "{" : "{\"correlation_id\":\"c\",")
                    + "\"" + field + "\":" + value + "}";
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(CallbackFormatException.class)
                    .hasMessageStartingWith("field '" + field + "': expected a string, got ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "\"null\"", "\" NULL \""})
    void blankTextFieldsStillCountAsMissing(String blank) {
        ClayCallback callback = parse("{\"correlation_id\":\"c\",\"contact_key\":" + blank + ",\"tenant\":" + blank
                + ",\"request_id\":" + blank + ",\"status\":" + blank + "}");
        assertThat(callback.contactKey()).isNull();
        assertThat(callback.tenant()).isNull();
        assertThat(callback.requestId()).isNull();
        assertThat(callback.status()).isEqualTo(ResultStatus.NOT_FOUND);
    }

    // tenant

    @ParameterizedTest
    @ValueSource(strings = {"ac\\u0001me", "ac\\u0000me", "ac\\nme", "ac\\u007fme", "ac\\u009bme"})
    void aTenantWithControlCharactersIsRefused(String tenant) {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"tenant\":\"" + tenant + "\"}"))
                .isInstanceOf(CallbackFormatException.class)
                .hasMessage("field 'tenant': must not contain control characters");
    }

    @Test
    void aTenantOverTheLengthLimitIsRefusedAndOneAtItIsAccepted() {
        assertThat(parse("{\"correlation_id\":\"c\",\"tenant\":\"" + "t".repeat(200) + "\"}").tenant())
                .hasSize(200);
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"tenant\":\"" + "t".repeat(201) + "\"}"))
                .isInstanceOf(CallbackFormatException.class)
                .hasMessage("field 'tenant': longer than 200 characters");
    }

    @Test
    void surroundingWhiteSpaceOfATenantIsStrippedNotRefused() {
        assertThat(parse("{\"correlation_id\":\"c\",\"tenant\":\" acme\\n\"}").tenant()).isEqualTo("acme");
    }

    // one JSON value, nothing after it

    @ParameterizedTest
    @ValueSource(strings = {" {}", " x", "]", "}", " 1", " \"more\"", ",", "{\"correlation_id\":\"d\"}", " null"})
    void contentAfterTheObjectIsRefused(String trailing) {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\"}" + trailing))
                .isInstanceOf(CallbackFormatException.class).hasMessageStartingWith("malformed JSON");
    }

    @Test
    void whiteSpaceAfterTheObjectIsFine() {
        assertThat(parse(" {\"correlation_id\":\"c\"} \r\n\t ").correlationId()).isEqualTo("c");
    }

    @Test
    void aDataStringWithContentAfterItsObjectIsRefused() {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"data\":\"{\\\"title\\\":\\\"CEO\\\"} x\"}"))
                .isInstanceOf(CallbackFormatException.class).hasMessageStartingWith("field 'data'");
        assertThat(parse("{\"correlation_id\":\"c\",\"data\":\"{\\\"title\\\":\\\"CEO\\\"} \"}").data())
                .containsEntry("title", "CEO");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsTheIntakeDoes() {
        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"credits_used\":1,\"credits_used\":1e16}"))
                .isInstanceOf(CallbackFormatException.class).hasMessageContaining("credits_used");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedAndAtTheLimitIsPublishable() {
        int deepest = CallbackParser.MAX_DEPTH - 1; // the root object is one level
        ClayCallback atLimit = parse("{\"correlation_id\":\"c\",\"x\":" + "[".repeat(deepest) + "1"
                + "]".repeat(deepest) + "}");
        assertThat(atLimit.data()).containsKey("x");
        assertThat(Json.write(EnrichmentResult.fromCallback(atLimit, Instant.EPOCH))).isNotEmpty();

        assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"x\":" + "[".repeat(deepest + 1) + "1"
                + "]".repeat(deepest + 1) + "}"))
                .isInstanceOf(CallbackFormatException.class).hasMessageContaining("nesting");
    }

    @Test
    void floatsInDataArePublishedAsDoublesAsBefore() {
        assertThat(parse("{\"correlation_id\":\"c\",\"score\":0.25,\"n\":7}").data())
                .containsEntry("score", 0.25).containsEntry("n", 7);
    }

    @Test
    void aCallbackWrittenFromTheSharedRecordAsTheClaySandboxWritesItParsesBackToItself() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("full_name", "Ada Lovelace");
        data.put("work_email", "ada.lovelace@example.com");
        data.put("company", "Analytical Engines");
        for (ClayCallback sent : List.of(
                new ClayCallback("corr-1", "email:ada@example.com", "acme", "req-1", ResultStatus.SUCCESS, data, 2.0),
                new ClayCallback("corr-2", "email:bob@example.com", null, null, ResultStatus.NOT_FOUND, Map.of(), 0.0),
                new ClayCallback("corr-3", null, "beta", "req-3", ResultStatus.ERROR, Map.of(), 0.0),
                new ClayCallback("corr-4", "name:x.com/a.b", "acme", null, ResultStatus.SUCCESS, data,
                        (double) ClayCallback.MAX_CREDITS_USED))) {
            assertThat(parser.parse(Json.write(sent))).isEqualTo(sent);
        }
    }

    private ClayCallback parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refusesCredits(String credits) {
        return assertThatThrownBy(() -> parse("{\"correlation_id\":\"c\",\"credits_used\":" + credits + "}"))
                .as(credits).isInstanceOf(CallbackFormatException.class)
                .hasMessageStartingWith("field 'credits_used': expected a number from 0 to 10000");
    }
}
