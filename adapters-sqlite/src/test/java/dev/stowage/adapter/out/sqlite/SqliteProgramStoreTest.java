package dev.stowage.adapter.out.sqlite;

import static dev.stowage.testing.contract.Fixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.testing.contract.ProgramStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteProgramStoreTest extends ProgramStoreContract {
    @TempDir
    Path dir;
    TestEngine test;

    @Override
    protected ProgramStore newStore() {
        test = TestEngine.started(dir);
        return new SqliteProgramStore(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void hostileNamesDescriptionsAndConfigsAreStoredAndReturnedVerbatim() {
        List<Program> programs = new ArrayList<>();
        for (String name : List.of("it's \"quoted\"", "'); DROP TABLE programs; --", "<script>alert(1)</script>",
                "back\\slash", "\u202eevil", "e\u0301 combining", "\ud83d\ude00".repeat(100), "x".repeat(200))) {
            Program p = fx.program(name).description(name + "\n\t\u0000 and more")
                    .config("{\"name\": \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"deep\": [[[{\"\": null}]]]}")
                    .externalRef(name).build();
            store.insert(p);
            programs.add(p);
        }

        for (Program p : programs) {
            assertThat(store.find(p.id())).contains(p);
            assertThat(store.findByName(p.name())).contains(p);
            assertThat(store.findByExternalRef(p.externalRef().orElseThrow())).contains(p);
        }
        assertThat(walk(page -> store.list(ProgramQuery.all(), page), 1)).containsExactlyInAnyOrderElementsOf(programs);
    }

    @Test
    void textThatUtf8CannotHoldIsRefusedNotMangled() {
        Program existing = fx.program("a?b").build();
        store.insert(existing);

        assertThatThrownBy(() -> store.insert(fx.program("fine").description("a\ud800b").build()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.insert(fx.program("fine").externalRef("ref\udc00").build()))
                .isInstanceOf(InvalidInputException.class);
        assertThat(store.findByName(new ProgramName("fine"))).isEmpty();
    }

    @Test
    void aTakenNameOrExternalRefIsReportedInWordsAUserCanActOn() {
        store.insert(fx.program("Quick Preview").externalRef("legacy-7").build());
        Program other = fx.program("other").build();
        store.insert(other);

        assertThatThrownBy(() -> store.insert(fx.program("Quick Preview").build()))
                .isInstanceOf(AlreadyExistsException.class).hasMessage("program 'Quick Preview' already exists");
        assertThatThrownBy(() -> store.update(fx.edit(other).name("Quick Preview").build(), 1))
                .isInstanceOf(AlreadyExistsException.class).hasMessage("program 'Quick Preview' already exists");
        assertThatThrownBy(() -> store.insert(fx.program("new").externalRef("legacy-7").build()))
                .isInstanceOf(AlreadyExistsException.class).hasMessage("a program with external ref 'legacy-7' already exists");
        assertThatThrownBy(() -> store.insert(fx.program("again").id(other.id()).build()))
                .isInstanceOf(AlreadyExistsException.class).hasMessage("program id '" + other.id() + "' is already taken");
    }

    @Test
    void anEmptyOrOverlongExternalRefIsInvalidInput() {
        assertThatThrownBy(() -> store.insert(fx.program("a").externalRef("").build())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.insert(fx.program("b").externalRef("r".repeat(256)).build()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void instantsKeepTheirNanoseconds() {
        Program precise = fx.program("precise").createdAt(Instant.parse("2024-05-01T10:00:00.123456789Z"))
                .updatedAt(Instant.parse("1969-12-31T23:59:59.999999999Z")).build();
        store.insert(precise);

        assertThat(store.find(precise.id())).contains(precise);
        assertThatThrownBy(() -> store.insert(fx.program("far").createdAt(Instant.parse("2300-01-01T00:00:00Z")).build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("createdAt");
    }

    @Test
    void referencedAsksInChunksBelowTheBindLimit() {
        List<BlobKey> candidates = new ArrayList<>();
        List<BlobKey> used = new ArrayList<>();
        for (int i = 0; i < SqliteProgramStore.REFERENCE_CHUNK * 5 / 2; i++) {
            var image = fx.image(i % 2 == 0);
            candidates.add(image.blob());
            image.thumbnail().ifPresent(candidates::add);
            if (i % 37 == 0) {
                store.insert(fx.program("p-" + i).image(image).build());
                used.add(image.blob());
                image.thumbnail().ifPresent(used::add);
            }
        }

        assertThat(store.referenced(candidates)).containsExactlyInAnyOrderElementsOf(used);
        assertThat(store.referenced(List.of())).isEmpty();
        assertThat(store.referenced(List.of(fx.blobKey("x")))).isEmpty();
    }
}
