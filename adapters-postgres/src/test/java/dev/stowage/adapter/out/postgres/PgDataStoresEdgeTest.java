package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.testing.TestPostgres;
import dev.stowage.testing.contract.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the contracts cannot reach on PostgreSQL: two engines (two instances' pools) writing the same
 * document and program at once, text PostgreSQL cannot hold, and large or hostile values.
 */
@ExtendWith(HotQueryPlans.class)
class PgDataStoresEdgeTest {
    private static PgEngine first;
    private static PgEngine second;

    private final Fixtures fx = new Fixtures();
    private PgDocumentCatalog documents;
    private PgDocumentCatalog documentsElsewhere;
    private PgProgramStore programs;
    private PgProgramStore programsElsewhere;

    @BeforeAll
    static void start() {
        TestPostgres.Database database = PgTestDatabase.migrated("data_edges");
        first = new PgEngine(PgTestDatabase.settings(database));
        first.start();
        // a second engine on the same database: another instance, with a pool of its own
        second = new PgEngine(PgTestDatabase.settings(database));
        second.start();
    }

    @AfterAll
    static void stop() {
        second.stop();
        first.stop();
    }

    @BeforeEach
    void empty() {
        Db db = DataTablesEmptied.on(first);
        documents = new PgDocumentCatalog(db);
        programs = new PgProgramStore(db);
        documentsElsewhere = new PgDocumentCatalog(new Db(second));
        programsElsewhere = new PgProgramStore(new Db(second));
    }

    @Test
    void ofConcurrentUpdatesOfOneDocumentAtOneVersionFromTwoInstancesExactlyOneWins() {
        Document doc = fx.document(fx.user("ana"), "shared").build();
        documents.insert(doc);

        List<Object> outcomes = Fixtures.race(8, i -> () -> (i % 2 == 0 ? documents : documentsElsewhere)
                .update(fx.edit(doc).name("renamed-" + i).build(), 1));

        assertThat(outcomes.stream().filter(Document.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Document)))
                .hasSize(7).allMatch(VersionMismatchException.class::isInstance);
        assertThat(documents.find(doc.id()).orElseThrow().version()).isEqualTo(2);
        assertThat(documents.usage(fx.user("ana")).documents()).isEqualTo(1);
    }

    @Test
    void ofConcurrentUpdatesOfOneProgramFromTwoInstancesOneWinsAndOneRevisionIsKept() {
        Program p = fx.program("Shared").build();
        programs.insert(p);

        List<Object> outcomes = Fixtures.race(8, i -> () -> (i % 2 == 0 ? programs : programsElsewhere)
                .update(fx.edit(p).description("edit " + i).build(), 1));

        assertThat(outcomes.stream().filter(Program.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Program)))
                .hasSize(7).allMatch(VersionMismatchException.class::isInstance);
        assertThat(programs.revisions(p.id(), PageRequest.first(10)).items())
                .singleElement().satisfies(r -> assertThat(r.version()).isEqualTo(1));
    }

    @Test
    void concurrentInsertsOfOneOwnersDocumentsKeepTheUsageExact() {
        List<Object> outcomes = Fixtures.race(8, i -> () -> {
            Document d = fx.document(fx.user("bob"), "doc-" + i).size(100 + i).build();
            (i % 2 == 0 ? documents : documentsElsewhere).insert(d);
            return d;
        });

        assertThat(outcomes).allMatch(Document.class::isInstance);
        var usage = documents.usage(fx.user("bob"));
        assertThat(usage.documents()).isEqualTo(8);
        assertThat(usage.bytes()).isEqualTo(8 * 100 + 28);
    }

    @Test
    void theNulCharacterIsRefusedWithATypedErrorAndNothingIsStored() {
        assertThatThrownBy(() -> programs.insert(fx.program("Nul").description("before\u0000after").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("program description")
                .hasMessageContaining("U+0000");
        assertThatThrownBy(() -> new PgTokenStore(new Db(first)).insert(fx.token(fx.user("ana")).label("a\u0000b").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token label");
        assertThat(programs.list(ProgramQuery.all(), PageRequest.first(10)).items()).isEmpty();
        assertThat(programs.findByExternalRef("ref\u0000")).isEmpty();
    }

    @Test
    void aNulEscapedInAConfigIsStoredAsWrittenAndComesBackEqual() {
        Program p = fx.program("Nul config").config("{\"a\":\"x\\u0000y\"}").build();
        programs.insert(p);

        assertThat(programs.find(p.id())).contains(p);
    }

    @Test
    void hugeConfigsAndMetadataComeBackByteForByte() {
        StringBuilder config = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 20_000; i++) {
            config.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"s\":\"\\u00e9\u00e9 ").append(i).append("\"}");
        }
        Program p = fx.program("Huge").config(config.append("]}").toString()).build();
        programs.insert(p);
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 32; i++) {
            metadata.put("key-" + i, "\ud83d\ude00 <script>alert(" + i + ")</script> '\"; DROP TABLE documents; --");
        }
        Document doc = fx.document(fx.user("ana"), "hostile").metadata(metadata).build();
        documents.insert(doc);

        assertThat(programs.find(p.id()).orElseThrow().config().json()).isEqualTo(p.config().json());
        assertThat(documentsElsewhere.findByName(fx.user("ana"), new DocumentName("hostile"))).contains(doc);
    }

    @Test
    void aRevokedTokenIsSeenRevokedByTheOtherInstanceAtOnce() {
        PgTokenStore here = new PgTokenStore(new Db(first));
        PgTokenStore there = new PgTokenStore(new Db(second));
        ApiToken token = fx.token(fx.user("ana")).build();
        here.insert(token);
        assertThat(there.findBySecretHash(token.secretHash()).orElseThrow().revokedAt()).isEmpty();

        here.revoke(token.id(), fx.at(5));

        assertThat(there.findBySecretHash(token.secretHash()).orElseThrow().revokedAt()).contains(fx.at(5));
    }
}
