package dev.cage.cli;

import dev.cage.protocol.Scram;
import dev.cage.server.UserStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cage user add NAME}: adds a user to a node's data directory, or gives an existing one a new secret. The
 * secret comes from {@code CAGE_NEW_SECRET} so it never shows in the process list; without it one is generated
 * and printed.
 */
@Command(name = "add", description = {
    "Adds a user to a node's data directory, or gives an existing user a new secret.",
    "The secret is read from $CAGE_NEW_SECRET; if that is not set, one is generated and printed.",
    "A node reads its users when it starts: restart a running node to let the user in."})
final class UserAddCommand implements Callable<Integer> {
    static final String SECRET_ENV = "CAGE_NEW_SECRET";

    @Parameters(paramLabel = "NAME", description = "The user name.")
    String name;

    @Option(names = "--admin", description = "Give the user the admin role (journal queries and rollbacks).")
    boolean admin;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory (default: ~/.cage/node-PORT).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", defaultValue = "7070",
        description = "The node's port, to find its default data directory (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".cage", "node-" + port);
        Map<String, String> env = System.getenv();
        boolean generated = env.getOrDefault(SECRET_ENV, "").isEmpty();
        String secret = secretFrom(env);
        try {
            UserStore.open(dir).put(name, secret.toCharArray(), admin);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage()); // a user name the store refuses
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("user '" + name + "' saved in " + dir.resolve(UserStore.FILE));
        if (generated) {
            out.println("secret: " + secret);
        }
        out.flush();
        return 0;
    }

    /** The secret from the environment, or a new random one. */
    static String secretFrom(Map<String, String> env) {
        String given = env.get(SECRET_ENV);
        if (given != null && !given.isEmpty()) {
            return given;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Scram.randomBytes(18));
    }
}
