package dev.cage.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The console's JSON API under {@code /api}; every resource and filter in this package is found by scanning. */
@ApplicationPath("api")
public class ConsoleApplication extends Application {
}
