package dev.cage.bench.console;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Console pages held open as live streams, each a logged-in session on a thread of its own that reads every tick,
 * checks that the ids follow one another, and (while measuring) notes how late each tick arrived.
 */
final class OpenPages implements AutoCloseable {
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    /** A tick this close to now is live: the page has read the 15 minutes it got first. */
    private static final long LIVE_MILLIS = 2_000;

    /** What the pages saw while measuring. */
    record Figures(List<Long> latenciesMillis, long receivedEvents, long lostEvents) {
    }

    private final List<Stream<String>> streams = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final CountDownLatch live;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean measuring;

    private OpenPages(int pages) {
        live = new CountDownLatch(pages);
    }

    static OpenPages open(URI console, String user, String password, int pages) throws Exception {
        OpenPages open = new OpenPages(pages);
        for (int i = 0; i < pages; i++) {
            ConsoleClient page = new ConsoleClient(console, user, password);
            page.login();
            Stream<String> stream = page.events();
            open.streams.add(stream);
            Thread reader = new Thread(() -> open.read(stream.iterator()), "console-page-" + i);
            reader.setDaemon(true);
            open.readers.add(reader);
            reader.start();
        }
        return open;
    }

    private void read(Iterator<String> lines) {
        long lastId = -1;
        boolean isLive = false;
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("id:")) {
                    long id = Long.parseLong(line.substring(3).strip());
                    if (lastId >= 0 && id != lastId + 1 && measuring) {
                        lost.addAndGet(Math.max(0, id - lastId - 1));
                    }
                    lastId = id;
                } else if (line.startsWith("data:")) {
                    Matcher m = TIME.matcher(line);
                    if (m.find()) {
                        long late = System.currentTimeMillis() - Instant.parse(m.group(1)).toEpochMilli();
                        if (!isLive && late < LIVE_MILLIS) {
                            isLive = true;
                            live.countDown();
                        }
                        if (measuring) {
                            latencies.add(late);
                            received.incrementAndGet();
                        }
                    }
                }
            }
        } catch (UncheckedIOException closed) {
            // close() dropped the connection
        }
    }

    /** Waits until every page reads live ticks. */
    void awaitLive(long millis) throws InterruptedException {
        if (!live.await(millis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(live.getCount() + " pages got no live tick within " + millis + " ms");
        }
    }

    void startMeasuring() {
        measuring = true;
    }

    Figures stop() {
        measuring = false;
        return new Figures(List.copyOf(latencies), received.get(), lost.get());
    }

    @Override
    public void close() throws InterruptedException {
        for (Stream<String> s : streams) {
            s.close();
        }
        for (Thread t : readers) {
            t.join(5_000);
        }
    }
}
