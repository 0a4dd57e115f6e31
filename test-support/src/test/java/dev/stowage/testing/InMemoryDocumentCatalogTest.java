package dev.stowage.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.DocumentQuery.Sort;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.contract.DocumentCatalogContract;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryDocumentCatalogTest extends DocumentCatalogContract {

    @Override
    protected DocumentCatalog newCatalog() {
        return new InMemoryDocumentCatalog();
    }

    @Test
    void rejectsACursorIssuedForAnotherSort() {
        var owner = fx.user("ana");
        for (int i = 0; i < 3; i++) {
            catalog.insert(fx.document(owner, "doc-" + i).build());
        }
        var byName = new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.empty());
        var cursor = catalog.list(owner, byName, PageRequest.first(1)).next().orElseThrow();

        var bySize = new DocumentQuery(Sort.SIZE, false, Optional.empty(), Optional.empty());
        var byNameDescending = new DocumentQuery(Sort.NAME, true, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> catalog.list(owner, bySize, PageRequest.after(cursor, 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.list(owner, byNameDescending, PageRequest.after(cursor, 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.all(PageRequest.after(cursor, 1)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theLastFullPageSaysThereIsNoNextPage() {
        var owner = fx.user("ana");
        catalog.insert(fx.document(owner, "one").build());
        catalog.insert(fx.document(owner, "two").build());

        var page = catalog.list(owner, DocumentQuery.newestFirst(), PageRequest.first(2));

        assertThat(page.items()).hasSize(2);
        assertThat(page.next()).isEmpty();
    }
}
