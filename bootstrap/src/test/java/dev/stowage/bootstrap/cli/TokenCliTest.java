package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stowage token ...}: the secret is printed once and never listed. */
class TokenCliTest extends CliDataTest {

    @Test
    void createListRevoke() {
        CliRun created = ok("token", "create", "--user", "ana", "--admin", "--label", "ci deploys");
        List<String> lines = created.out().lines().toList();
        assertThat(lines).hasSize(2);
        String secret = lines.get(0);
        assertThat(secret).startsWith("stw_").hasSizeGreaterThan(40);
        assertThat(lines.get(1)).startsWith("id: ");
        String id = lines.get(1).substring(4);
        assertThat(created.err()).contains("an admin token for user 'ana'", "not shown again").doesNotContain(secret);
        ok("token", "create", "--user", "bob");

        CliRun list = ok("token", "list");
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("ID +USER +ADMIN +SCOPES +LABEL +CREATED +REVOKED");
        assertThat(list.out()).contains(id, "ana", "yes", "ci deploys", "bob").doesNotContain(secret, "stw_");
        String json = ok("token", "list", "--json").out();
        assertThat(json).contains(id).doesNotContain(secret, "stw_", "hash", "secret");

        assertThat(ok("token", "revoke", id).out()).isEqualToIgnoringNewLines("Revoked token " + id + " of user 'ana'.");
        @SuppressWarnings("unchecked")
        var tokens = (List<Map<String, Object>>) dev.stowage.domain.common.Json.parse(ok("token", "list", "--json").out().strip());
        assertThat(tokens).filteredOn(t -> t.get("id").equals(id)).singleElement()
                .satisfies(t -> assertThat(t.get("revokedAt")).isInstanceOf(String.class));
        assertThat(tokens).filteredOn(t -> t.get("user").equals("bob")).singleElement()
                .satisfies(t -> assertThat(t.get("revokedAt")).isNull());

        assertThat(fails("token", "revoke", "01ARZ3NDEKTSV4RRFFQ69G5FAV").err()).contains("not found");
    }

    @Test
    void scopesAreGivenRepeatedlyAndListed() {
        CliRun created = ok("token", "create", "--user", "pia", "--scope", "work:images", "--scope", "enqueue:images",
                "--scope", "read:*", "--label", "renderer");
        assertThat(created.err()).contains("(enqueue:images work:images read:*)");
        String id = created.out().lines().toList().get(1).substring(4);
        ok("token", "create", "--user", "dora");
        ok("token", "create", "--user", "root", "--admin");

        String list = ok("token", "list").out();
        assertThat(list).contains("enqueue:images,work:images,read:*", "(none: documents only)", "(all: admin)");

        @SuppressWarnings("unchecked")
        var tokens = (List<Map<String, Object>>) dev.stowage.domain.common.Json.parse(ok("token", "list", "--json").out().strip());
        assertThat(tokens).filteredOn(t -> t.get("id").equals(id)).singleElement()
                .satisfies(t -> assertThat(t.get("scopes")).isEqualTo(List.of("enqueue:images", "work:images", "read:*")));
        assertThat(tokens).filteredOn(t -> t.get("user").equals("dora")).singleElement()
                .satisfies(t -> assertThat(t.get("scopes")).isEqualTo(List.of()));
    }

    @Test
    void aMalformedScopeOrAScopedAdminTokenIsBadUsage() {
        for (String[] args : List.of(
                new String[] {"token", "create", "--user", "pia", "--scope", "delete:images"},
                new String[] {"token", "create", "--user", "pia", "--scope", "read:../etc"},
                new String[] {"token", "create", "--user", "pia", "--scope", "read"},
                new String[] {"token", "create", "--user", "root", "--admin", "--scope", "read:*"})) {
            CliRun r = run(args);
            assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
            assertThat(r.err()).as(r.transcript()).contains("scope").doesNotContain("Exception", "\tat ");
        }
        assertThat(ok("token", "list").out()).contains("No tokens.");
    }
}
