package dev.cage.ejb;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageException;
import jakarta.resource.ResourceException;

/** One connection from the factory for one piece of work, closed after it; failures as {@link CageAdminException}. */
final class Connections {
    private Connections() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(CageConnection c) throws CageException;
    }

    static <T> T with(CageConnectionFactory factory, Work<T> work) throws CageAdminException {
        try (CageConnection c = factory.getConnection()) {
            return work.run(c);
        } catch (CageException e) {
            throw new CageAdminException(e.getMessage(), e);
        } catch (ResourceException e) {
            throw new CageAdminException("no Cage connection: " + e.getMessage(), e);
        }
    }
}
