package dev.cage.ejb;

import dev.cage.api.CageConnection;
import dev.cage.api.CageConnectionFactory;
import dev.cage.api.CageException;
import dev.cage.api.CageFile;
import dev.cage.api.CageFileExistsException;
import dev.cage.api.CageFileNotFoundException;
import dev.cage.api.OpenMode;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.resource.ResourceException;
import java.io.ByteArrayOutputStream;

/**
 * The pattern the README shows Jakarta EE users: documents stored on the first Cage server of the connection
 * factory, under {@code documents/}, with container-managed transactions. {@link #put} replaces a document's
 * content inside the caller's transaction: if the transaction rolls back (a runtime exception, a
 * {@link DocumentException}, {@code setRollbackOnly}), the old content stays, byte for byte. Creating a new
 * document's file is a namespace operation and happens at once; its content still waits for the commit.
 */
@Stateless
public class DocumentStore {
    static final String DIR = "documents";

    @Resource(name = CageAdmin.FACTORY, lookup = CageAdmin.FACTORY)
    private CageConnectionFactory factory;

    /** Replaces the content of document {@code name}, creating it if needed. */
    public void put(String name, byte[] content) throws DocumentException {
        try (CageConnection c = factory.getConnection()) {
            String server = c.servers().get(0);
            ensureDirectory(c, server);
            CageFile f = c.open(server, path(name), OpenMode.SHARED_WRITE, true);
            c.truncate(f, 0);
            c.write(f, 0, content);
            c.close(f);
        } catch (CageException | ResourceException e) {
            throw new DocumentException("storing document '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /** The content of document {@code name} as this transaction sees it (its own uncommitted puts included). */
    public byte[] get(String name) throws DocumentException {
        try (CageConnection c = factory.getConnection()) {
            CageFile f = c.open(c.servers().get(0), path(name), OpenMode.SHARED_READ);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[64 * 1024];
                long offset = 0;
                for (int n; (n = c.read(f, offset, chunk, 0, chunk.length)) > 0; offset += n) {
                    out.write(chunk, 0, n);
                }
                return out.toByteArray();
            } finally {
                c.close(f);
            }
        } catch (CageFileNotFoundException e) {
            throw new DocumentException("no document '" + name + "'", e);
        } catch (CageException | ResourceException e) {
            throw new DocumentException("reading document '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    private static void ensureDirectory(CageConnection c, String server) throws CageException {
        try {
            c.mkdir(server, DIR);
        } catch (CageFileExistsException e) {
            // already there
        }
    }

    private static String path(String name) {
        return DIR + "/" + name;
    }
}
