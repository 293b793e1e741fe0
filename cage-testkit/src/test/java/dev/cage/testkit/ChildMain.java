package dev.cage.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * The child {@link ChildJvmTest} starts: prints its system property and environment variable, listens on the port
 * given as the first argument (0: none), prints READY, then answers each line of standard input with
 * {@code OK <line>}; {@code EXIT n} exits with status n. Without input it waits until it is ended.
 */
public final class ChildMain {
    public static void main(String[] args) throws Exception {
        System.out.println("property=" + System.getProperty("childjvm.test"));
        System.out.println("env=" + System.getenv("CHILDJVM_TEST"));
        int port = Integer.parseInt(args[0]);
        ServerSocket listening = port == 0 ? null : new ServerSocket(port);
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("EXIT ")) {
                System.exit(Integer.parseInt(line.substring(5)));
            }
            System.out.println("OK " + line);
            System.out.flush();
        }
        // Standard input is empty (/dev/null): wait until SIGTERM or SIGKILL.
        Object forever = new Object();
        synchronized (forever) {
            while (true) {
                forever.wait();
            }
        }
    }
}
