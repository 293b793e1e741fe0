package dev.cage.adapter;

import dev.cage.api.CageException;
import dev.cage.api.CageJournal;
import dev.cage.api.JournalEntryInfo;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** A server's journal as the API shows it; every call goes through the handle, as the handle's own calls do. */
record JournalView(CageConnectionImpl handle, String server) implements CageJournal {

    @Override
    public void forEach(String pathPrefix, Instant from, Instant to, boolean withBytes, Consumer<JournalEntryInfo> action)
        throws CageException {
        handle.call((c, tx) -> {
            c.journal(server).forEach(pathPrefix, from, to, withBytes, e -> action.accept(ApiTypes.journalEntry(e)));
            return null;
        });
    }

    @Override
    public List<JournalEntryInfo> list(String pathPrefix, Instant from, Instant to) throws CageException {
        return handle.call((c, tx) -> c.journal(server).list(pathPrefix, from, to).stream()
            .map(ApiTypes::journalEntry).toList());
    }

    @Override
    public int rollback(String path, boolean subtree, Instant to) throws CageException {
        return handle.call((c, tx) -> c.journal(server).rollback(path, subtree, to));
    }

    @Override
    public Summary stats() throws CageException {
        return handle.call((c, tx) -> ApiTypes.summary(c.journal(server).stats()));
    }

    @Override
    public java.util.Optional<byte[]> readAsOf(String path, Instant at, int maxBytes) throws CageException {
        return handle.call((c, tx) -> c.journal(server).readAsOf(path, at, maxBytes));
    }

    @Override
    public String toString() {
        return "CageJournal[" + server + "]";
    }
}
