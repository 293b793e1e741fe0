package dev.cage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Column 3, the peer to beat: SFTP with Apache MINA SSHD, server and client in this process over 127.0.0.1.
 * Tuned so it is not held back by defaults (see STACK.md): {@code TCP_NODELAY} on both ends (off, a read
 * one at a time stalls ~44 ms at p99), {@code aes128-gcm@openssh.com} offered first (the default prefers
 * the slower chacha20-poly1305), password auth, and a host key made for the run and kept in memory.
 * Sequential transfers use SSHD's pipelined streams with the largest requests its server takes, its fastest
 * way to move a whole file.
 */
public final class SftpColumn implements Column {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String USER = "bench";
    /**
     * Request size of the pipelined streams: just under the server's 256 KiB write limit. Measured here it
     * moves about twice the bytes per second of the default (one SSH packet, ~32 KiB) in both directions.
     */
    private static final int STREAM_BUFFER = 255 * 1024;
    private final SshServer server;
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    public SftpColumn(Path root) throws IOException, GeneralSecurityException {
        Files.createDirectories(root);
        String password = UUID.randomUUID().toString();
        KeyPair hostKey = KeyPairGenerator.getInstance("EC").generateKeyPair(); // P-256 from the JDK, never on disk

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, s) -> USER.equals(user) && password.equals(pw));
        server.setPublickeyAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        tune(server);
        server.start();

        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(hostKey.getPublic()));
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // no ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // no ~/.ssh/id_*
        tune(client);
        client.start();
        session = client.connect(USER, "127.0.0.1", server.getPort()).verify(TIMEOUT).getSession();
        session.addPasswordIdentity(password);
        session.auth().verify(TIMEOUT);
        sftp = SftpClientFactory.instance().createSftpClient(session);
    }

    private static void tune(AbstractFactoryManager m) {
        CoreModuleProperties.TCP_NODELAY.set(m, true);
        List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
        ciphers.add(BuiltinCiphers.aes128gcm);
        for (NamedFactory<Cipher> c : m.getCipherFactories()) {
            if (!c.getName().equals(BuiltinCiphers.aes128gcm.getName())) {
                ciphers.add(c);
            }
        }
        m.setCipherFactories(ciphers);
    }

    @Override
    public String id() {
        return "sftp";
    }

    @Override
    public String title() {
        return "SFTP";
    }

    @Override
    public String notes() {
        return "Apache MINA SSHD 2.20.0 in-process, cipher " + session.getNegotiatedKexParameter(KexProposalOption.C2SENC)
            + ", TCP_NODELAY on both ends, SFTP v" + sftp.getVersion() + ", pipelined streams of "
            + STREAM_BUFFER / 1024 + " KiB requests for sequential I/O";
    }

    @Override
    public SequentialWriter writer(String name, long size) throws IOException {
        OutputStream out = sftp.write(name, STREAM_BUFFER, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
            SftpClient.OpenMode.Truncate);
        return new SequentialWriter() {
            @Override
            public void write(byte[] src, int off, int len) throws IOException {
                out.write(src, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close(); // waits for the outstanding write acknowledgements
            }
        };
    }

    @Override
    public SequentialReader reader(String name, long size, int round) throws IOException {
        InputStream in = sftp.read(name, STREAM_BUFFER);
        return new SequentialReader() {
            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                int n = in.readNBytes(dst, off, len);
                return n == 0 && len > 0 ? -1 : n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public RandomReads randomReads(String name, int round, int threads) throws IOException {
        SftpClient.CloseableHandle handle = sftp.open(name, SftpClient.OpenMode.Read);
        PointReader shared = (offset, dst) -> {
            int got = 0;
            while (got < dst.length) {
                int n = sftp.read(handle, offset + got, dst, got, dst.length - got);
                if (n < 0) {
                    throw new IOException("end of file at " + (offset + got));
                }
                got += n;
            }
        };
        return new RandomReads() {
            @Override
            public PointReader forThread(int thread) {
                return shared; // one SFTP channel; requests from many threads are in flight at once
            }

            @Override
            public void close() throws IOException {
                handle.close();
            }
        };
    }

    @Override
    public void writeSmallFile(String name, byte[] data) throws IOException {
        SftpClient.CloseableHandle h = sftp.open(name, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
            SftpClient.OpenMode.Exclusive);
        try {
            sftp.write(h, 0, data);
        } finally {
            sftp.close(h);
        }
    }

    @Override
    public void makeDir(String name) throws IOException {
        sftp.mkdir(name);
    }

    @Override
    public void remove(String name) throws IOException {
        sftp.remove(name);
    }

    @Override
    public void removeDir(String name) throws IOException {
        sftp.rmdir(name);
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
            session.close();
        } finally {
            client.stop();
            server.stop(true);
        }
    }
}
