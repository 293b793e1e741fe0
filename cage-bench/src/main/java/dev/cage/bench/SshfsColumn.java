package dev.cage.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mount to beat: Debian's {@code sshfs} against OpenSSH's {@code sshd} (its built-in SFTP server) on 127.0.0.1,
 * both started for the run with keys made for it in the run's directory, defaults otherwise. Needs the {@code sshfs}
 * and {@code openssh-server} packages.
 */
final class SshfsColumn extends MountedColumn {
    private static final String SSHD = "/usr/sbin/sshd";
    private final Path mountPoint;
    private final Process sshd;

    SshfsColumn(Path work, Path root, Path mountPoint) throws IOException, InterruptedException {
        super("sshfs", Targets.SSHFS);
        for (String tool : List.of(SSHD, "/usr/bin/sshfs", "/usr/bin/ssh-keygen")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException("the sshfs column needs " + tool + " (apt-get install sshfs openssh-server)");
            }
        }
        Path dir = Files.createDirectories(work).toAbsolutePath(); // sshd reads relative paths from $HOME
        Files.createDirectories(root);
        this.mountPoint = Files.createDirectories(mountPoint);
        run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host").toString());
        run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client").toString());
        Files.copy(dir.resolve("client.pub"), dir.resolve("authorized_keys"));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
            "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "UsePAM no",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PidFile " + dir.resolve("sshd.pid"),
            "Subsystem sftp internal-sftp", ""));
        if (isRoot()) {
            Files.createDirectories(Path.of("/run/sshd")); // its privilege separation directory
        }
        sshd = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        try {
            awaitPort(port);
            run("/usr/bin/sshfs", "-p", String.valueOf(port), "-o", "IdentityFile=" + dir.resolve("client"),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                System.getProperty("user.name") + "@127.0.0.1:" + root.toAbsolutePath(), mountPoint.toString());
            mounted(mountPoint);
        } catch (IOException | RuntimeException | InterruptedException e) {
            sshd.destroy();
            throw e;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd exited with " + sshd.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50); // polling a port that is coming up; bounded by the loop
            }
        }
        throw new IOException("sshd did not listen on port " + port + " within 10 s");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    @Override
    public String notes() {
        return "sshfs (Debian) against OpenSSH sshd's internal-sftp on 127.0.0.1, default options; the local NIO "
            + "column's calls on the mount point";
    }

    @Override
    public void close() throws Exception {
        try {
            run(Files.isExecutable(Path.of("/usr/bin/fusermount3")) ? "/usr/bin/fusermount3" : "fusermount", "-u",
                mountPoint.toString());
        } finally {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
