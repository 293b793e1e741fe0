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
    /** The login the versions were heard on; another login may be another member of a group, numbering its own. */
    private static final long LOGIN = 1;
    private static final long NEXT_LOGIN = 2;

    private final ServerLink link;

    PageCacheAttachTest() throws Exception {
        link = new ServerLink("s", new ServerSpec("127.0.0.1", 1, "u", "p"), 1 << 20, 1000, null); // never connects
    }

    private CageChannel channel() {
        return new CageChannel(null, link, "f.bin", OpenMode.SHARED_READ, 1);
    }

    /**
     * A follower-read channel's word from its member before a read: a newer version on the same login is news, an
     * older one is not; on another login (another member, which may number a repaired file its own way) any other
     * version is, and the pages of the one held go, even if it is higher.
     */
    @Test
    void aFollowerReadsVersionCheck_takesNewerNewsOnOneLogin_andAnyOtherVersionFromAnotherLogin() {
        PageCache cache = new PageCache(1024, 10);
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 100, 1024, cache.pushesHeard());
        cache.revalidate(cf, LOGIN, 90, 512);
        assertThat(cf.version()).as("older, same login: not news").isEqualTo(100);
        assertThat(cf.size()).isEqualTo(1024);
        cache.revalidate(cf, LOGIN, 120, 2048);
        assertThat(cf.version()).isEqualTo(120);
        assertThat(cf.size()).isEqualTo(2048);

        cache.revalidate(cf, NEXT_LOGIN, 110, 4096);
        assertThat(cf.version()).as("another member's numbering counts").isEqualTo(110);
        assertThat(cf.login()).isEqualTo(NEXT_LOGIN);
        assertThat(cf.size()).isEqualTo(4096);
    }

    @Test
    void aChangeHeardBeforeTheChannelIsAttached_winsOverTheOlderVersionOfTheOpenReply() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", LOGIN, FILE, 0, 8, 200, 4096); // the change, heard first
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 100, 1024, cache.pushesHeard()); // the OPEN reply, from before it

        assertThat(cf.version()).isEqualTo(200);
        assertThat(cf.size()).isEqualTo(4096);
    }

    @Test
    void aChangeHeardBeforeTheOpenRegistered_isOlderThanTheOpenReply_andDoesNotHoldTheFileBack() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", LOGIN, FILE, 0, 8, 50, 512);
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 100, 1024, cache.pushesHeard());

        assertThat(cf.version()).isEqualTo(100);
        assertThat(cf.size()).isEqualTo(1024);
    }

    @Test
    void aChangeHeardAfterTheAttach_advancesTheFile_andAReopenAfterLoggingInAgainTakesTheServersVersion() {
        PageCache cache = new PageCache(1024, 10);
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 100, 1024, cache.pushesHeard());
        cache.invalidate("s", LOGIN, FILE, 0, 8, 200, 2048);
        assertThat(cf.version()).isEqualTo(200);

        // A reopen on the next login takes the server's version as it is, even an older one: it may be another
        // member of a group, or the node restarted with versions derived from the disk.
        assertThat(cache.attach(channel(), NEXT_LOGIN, FILE, 150, 2048, cache.pushesHeard()).version()).isEqualTo(150);
        // From then on that login's versions count; the earlier login's pushes no longer move it.
        cache.invalidate("s", LOGIN, FILE, 0, 8, 300, 4096);
        assertThat(cf.version()).isEqualTo(150);
        assertThat(cf.size()).isEqualTo(2048);
        cache.invalidate("s", NEXT_LOGIN, FILE, 0, 8, 160, 4096);
        assertThat(cf.version()).isEqualTo(160);
    }

    @Test
    void aSecondOpenOfACachedFile_whoseReplyIsOlderThanAChangeHeardMeanwhile_keepsTheNewerVersionAndItsPages() {
        PageCache cache = new PageCache(1024, 10);
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 100, 2048, cache.pushesHeard());
        long beforeTheSecondOpen = cache.pushesHeard();
        cache.invalidate("s", LOGIN, FILE, 0, 8, 200, 2048); // another client's write, heard while the OPEN is answered

        CachedFile again = cache.attach(channel(), LOGIN, FILE, 150, 1024, beforeTheSecondOpen); // its reply, from before

        assertThat(again).isSameAs(cf);
        assertThat(cf.version()).as("versions of one login only grow").isEqualTo(200);
        assertThat(cf.size()).isEqualTo(2048);
    }

    @Test
    void aLatePushOfAnEarlierLogin_doesNotHideWhatTheNextLoginHeardBeforeTheAttach() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", NEXT_LOGIN, FILE, 0, 8, 200, 4096);
        cache.invalidate("s", LOGIN, FILE, 0, 8, 900, 8192); // arrives late, from the member the client left
        CachedFile cf = cache.attach(channel(), NEXT_LOGIN, FILE, 100, 1024, cache.pushesHeard());

        assertThat(cf.version()).isEqualTo(200);
        assertThat(cf.size()).isEqualTo(4096);
    }

    @Test
    void anOlderVersionWithNoPushHeardMeanwhile_isTheNodesWord_andTheCachedPagesGo() {
        // After a rename the node numbers an unchanged file by its modification time again, older than the version
        // the writes gave it: nothing was heard while the OPEN was answered, so the reply is taken as it is.
        PageCache cache = new PageCache(1024, 10);
        CachedFile cf = cache.attach(channel(), LOGIN, FILE, 200, 2048, cache.pushesHeard());

        assertThat(cache.attach(channel(), LOGIN, FILE, 150, 2048, cache.pushesHeard())).isSameAs(cf);
        assertThat(cf.version()).isEqualTo(150);
    }

    @Test
    void aChangeHeardBeforeTheAttach_onAnEarlierLogin_doesNotCountInTheNextLoginsVersions() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", LOGIN, FILE, 0, 8, 900, 4096); // from a member the client has since left
        CachedFile cf = cache.attach(channel(), NEXT_LOGIN, FILE, 100, 1024, cache.pushesHeard());

        assertThat(cf.version()).isEqualTo(100);
        assertThat(cf.size()).isEqualTo(1024);
    }

    @Test
    void whatOneCacheHeard_doesNotReachAnother() {
        PageCache cache = new PageCache(1024, 10);
        cache.invalidate("s", LOGIN, FILE, 0, 8, 200, 4096);
        CachedFile first = cache.attach(channel(), LOGIN, FILE, 100, 1024, cache.pushesHeard());
        assertThat(first.version()).isEqualTo(200);

        PageCache other = new PageCache(1024, 10);
        assertThat(other.attach(channel(), LOGIN, FILE, 100, 1024, other.pushesHeard()).version()).as("another cache heard nothing").isEqualTo(100);
    }
}
