package dev.cage.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cage.protocol.OpenMode;
import org.junit.jupiter.api.Test;

/**
 * Which version a file starts at in the cache when its channel is attached. The node can tell a session of a change
 * (INVALIDATE) before the client has attached the channel its OPEN made, and the OPEN reply can carry the version from
 * before that change: the file must start at the newer one, or a shared-tier entry of the older version would be
 * taken for current after the change was acknowledged. (SharedCoherenceSoakTest caught it, about one run in five.)
 */
class PageCacheAttachTest {
    private static final long FILE = 7;

    private final ServerLink link;

    PageCacheAttachTest() throws Exception {
        link = new ServerLink("s", new ServerSpec("127.0.0.1", 1, "u", "p"), 1 << 20, 1000, null); // never connects
    }

    private CageChannel channel() {
        return new CageChannel(null, link, "f.bin", OpenMode.SHARED_READ, 1);
    }

    @Test
    void aChangeHeardBeforeTheChannelIsAttached_winsOverTheOlderVersionOfTheOpenReply() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", FILE, 0, 8, 200, 4096); // the change, heard first
        CachedFile cf = cache.attach(channel(), FILE, 100, 1024); // the OPEN reply, from before it

        assertThat(cf.version()).isEqualTo(200);
        assertThat(cf.size()).isEqualTo(4096);
    }

    @Test
    void aChangeHeardBeforeTheOpenRegistered_isOlderThanTheOpenReply_andDoesNotHoldTheFileBack() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", FILE, 0, 8, 50, 512);
        CachedFile cf = cache.attach(channel(), FILE, 100, 1024);

        assertThat(cf.version()).isEqualTo(100);
        assertThat(cf.size()).isEqualTo(1024);
    }

    @Test
    void aChangeHeardAfterTheAttach_advancesTheFile_andAReopenTakesTheServersVersion() {
        PageCache cache = new PageCache(1024, 10);
        CachedFile cf = cache.attach(channel(), FILE, 100, 1024);
        cache.invalidate("s", FILE, 0, 8, 200, 2048);
        assertThat(cf.version()).isEqualTo(200);

        // A reopen (after a reconnect) takes the server's version as it is, even an older one: the node may have
        // restarted with versions derived from the disk.
        assertThat(cache.attach(channel(), FILE, 150, 2048).version()).isEqualTo(150);
    }

    @Test
    void whatOneCacheHeard_doesNotReachAnother() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", FILE, 0, 8, 200, 4096);
        CachedFile first = cache.attach(channel(), FILE, 100, 1024);
        assertThat(first.version()).isEqualTo(200);

        PageCache other = new PageCache(1024, 10);
        assertThat(other.attach(channel(), FILE, 100, 1024).version()).as("another cache heard nothing").isEqualTo(100);
    }
}
