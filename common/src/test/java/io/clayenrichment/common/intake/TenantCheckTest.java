package io.clayenrichment.common.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clayenrichment.common.auth.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantCheckTest {

    private static final TenantScope ACME_BETA = TenantScope.only(Set.of("acme", "beta"));

    private static IntakeItem of(String tenant) {
        return new IntakeItem("r", tenant, "email:a@example.com", new byte[0]);
    }

    @Test
    void itemsOfTheScopesTenantsPassAndAnUnscopedTokenPassesEveryTenant() {
        List<IntakeItem> items = List.of(of("acme"), of("beta"), of("acme"));
        assertThatCode(() -> TenantCheck.requireInScope(ACME_BETA, items)).doesNotThrowAnyException();
        assertThatCode(() -> TenantCheck.requireInScope(TenantScope.ALL, List.of(of("gamma"), of("default"))))
                .doesNotThrowAnyException();
    }

    @Test
    void itemsOutsideTheScopeRefuseTheBatchWith403NamingEachOfThemAndTheirTenants() {
        RejectedRequest refused = catchThrowableOfType(() -> TenantCheck.requireInScope(ACME_BETA,
                List.of(of("acme"), of("gamma"), of("beta"), of("default"), of("gamma"))), RejectedRequest.class);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("forbidden");
        assertThat(refused.index()).isEqualTo(1);
        assertThat(refused.detail()).isEqualTo("items 1, 3, 4: tenants 'gamma', 'default' are not among the tenants of"
                + " this intake token; nothing was published");
    }

    @Test
    void oneItemOutsideIsNamedAloneAndTheSynchronousFormNamesNoItem() {
        RejectedRequest batch = catchThrowableOfType(() -> TenantCheck.requireInScope(ACME_BETA,
                List.of(of("acme"), of("ACME"))), RejectedRequest.class);
        assertThat(batch.detail()).isEqualTo("item 1: tenant 'ACME' is not among the tenants of this intake token;"
                + " nothing was published");

        RejectedRequest one = catchThrowableOfType(() -> TenantCheck.requireInScope(ACME_BETA, of("gamma")),
                RejectedRequest.class);
        assertThat(one.status()).isEqualTo(403);
        assertThat(one.index()).isNull();
        assertThat(one.detail()).startsWith("tenant 'gamma' is not among");
    }

    @Test
    void aLargeRefusedBatchNamesItsFirstItemsAndCountsTheRest() {
        List<IntakeItem> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(of("t" + i));
        }
        RejectedRequest refused = catchThrowableOfType(() -> TenantCheck.requireInScope(ACME_BETA, items),
                RejectedRequest.class);
        assertThat(refused.detail()).startsWith("items 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 490 more: tenants 't0',")
                .contains("'t9' and 490 more are not among").hasSizeLessThan(300);
    }
}
