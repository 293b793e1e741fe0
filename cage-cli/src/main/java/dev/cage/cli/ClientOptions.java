package dev.cage.cli;

import dev.cage.client.Cage;
import dev.cage.client.ServerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every client command shares: whom to log in as, TLS trust, and how long to wait for answers. */
final class ClientOptions {
    @Option(names = {"-u", "--user"}, paramLabel = "NAME",
        description = "User name (default: from the secret file, or $CAGE_USER).")
    String user;

    @Option(names = "--secret-file", paramLabel = "FILE",
        description = "File holding the secret, or the user and the secret on two lines. Default: $CAGE_SECRET, "
            + "else ~/.cage/node-PORT/admin.secret.")
    Path secretFile;

    @Option(names = "--tls-trust", paramLabel = "PEM", description = "Talk TLS, trusting this certificate (PEM).")
    Path tlsTrust;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
        description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--group-members", paramLabel = "HOST:PORT,...", split = ",", description = {
        "The node in the URI is a member of a replicated group; these are the others. The client logs in to",
        "whichever member leads, and follows a new leader after a failover. Optional: a member's login",
        "reply names the others, so the URI's member is enough when it is up."})
    java.util.List<String> groupMembers;

    @Option(names = "--follower-reads", description = {
        "In a replicated group: read at the member in the URI even when it does not lead, as fresh as at the",
        "leader (it first applies what the leader had committed); changes are refused there."})
    boolean followerReads;

    /** A client for the node the URI names; it connects on first use. */
    Cage connect(CageUri uri) throws IOException {
        return connect(uri, Cage.builder());
    }

    /**
     * A client for moving whole files ({@code put}, {@code get}): without a page cache, so the bytes stream straight
     * between the file and the node instead of page by page through the cache.
     */
    Cage connectForTransfer(CageUri uri) throws IOException {
        return connect(uri, Cage.builder().pageCount(0));
    }

    /** A client built from {@code builder}'s settings (cache size and the like) for the node the URI names. */
    Cage connect(CageUri uri, Cage.Builder builder) throws IOException {
        Credentials c = Credentials.resolve(user, secretFile, System.getenv(), Path.of(System.getProperty("user.home")),
            uri.port());
        ServerSpec spec = new ServerSpec(uri.host(), uri.port(), c.user(), c.secret());
        if (groupMembers != null) {
            try {
                spec = spec.withGroup(groupMembers);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (tlsTrust != null) {
            spec = spec.withTls(tlsTrust);
        }
        if (followerReads) {
            spec = spec.withFollowerReads();
        }
        return builder.name("cage-cli").server(uri.server(), spec).responseTimeout(timeout).build();
    }
}
