package dev.cage.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The example's REST application: {@link DocumentsResource}, {@link NodeResource} and {@link CacheResource} under
 * {@code /api}.
 */
@ApplicationPath("api")
public class CageExampleApplication extends Application {
}
