package io.clayenrichment.enrichment.budget;

import io.clayenrichment.common.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The spend store's serde. It writes exactly the JSON that {@link JsonSerde} writes (so changelogs
 * written before and after read the same), but by hand: the spend of a tenant is rewritten on every
 * decision, and Jackson's generic bean writer cost several times more than the decision needs.
 * Reading goes through Jackson (restores and budget reads only).
 */
public final class TenantSpendSerde implements Serde<TenantSpend> {

    private final JsonSerde<TenantSpend> json = new JsonSerde<>(TenantSpend.class);

    @Override
    public Serializer<TenantSpend> serializer() {
        Serializer<TenantSpend> generic = json.serializer();
        return (topic, spend) -> spend == null ? null
                : plain(spend.dayId()) && plain(spend.monthId()) ? write(spend) : generic.serialize(topic, spend);
    }

    @Override
    public Deserializer<TenantSpend> deserializer() {
        return json.deserializer();
    }

    private static byte[] write(TenantSpend spend) {
        StringBuilder out = new StringBuilder(128).append('{');
        if (spend.dayId() != null) {
            out.append("\"day_id\":\"").append(spend.dayId()).append("\",");
        }
        if (spend.day() != null) {
            period(out.append("\"day\":"), spend.day()).append(',');
        }
        if (spend.monthId() != null) {
            out.append("\"month_id\":\"").append(spend.monthId()).append("\",");
        }
        if (spend.month() != null) {
            period(out.append("\"month\":"), spend.month()).append(',');
        }
        if (out.length() > 1) {
            out.setLength(out.length() - 1);
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder period(StringBuilder out, Spend spend) {
        return out.append("{\"reserved_milli\":").append(spend.reservedMilli())
                .append(",\"spent_milli\":").append(spend.spentMilli()).append('}');
    }

    /** Period ids are digits and dashes; anything that JSON would escape goes the generic way. */
    private static boolean plain(String id) {
        if (id == null) {
            return true;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
