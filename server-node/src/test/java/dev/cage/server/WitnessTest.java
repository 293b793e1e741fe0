package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.GroupInfo;
import dev.cage.server.group.GroupConfig;
import dev.cage.protocol.InvalidArgumentException;
import dev.cage.protocol.NotLeaderException;
import dev.cage.protocol.OpenMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of two members with files and a witness (m2: it votes and keeps the group's log, but no files). Changes
 * are acknowledged with the witness's vote; the witness keeps no files, serves no client and cannot be given the lead;
 * and when the other member with files was behind as the leader is lost, the witness's log brings it up to date and
 * it takes the lead: no acknowledged write is lost.
 */
class WitnessTest {
    private static final int WITNESS = 2;

    @TempDir
    Path tmp;

    private final Random random = new Random(20261207);

    @Test
    void theWitnessVotes_keepsNoFiles_servesNoClient_andCannotLead() throws Exception {
        try (TestGroup g = TestGroup.startWithWitness(tmp, 3, WITNESS)) {
            int leader = g.awaitLeader();
            assertThat(leader).isNotEqualTo(WITNESS);
            Map<String, byte[]> written;
            // The client knows the witness first: it is sent on to the leader.
            try (Cage cage = client(g, WITNESS)) {
                written = writeFiles(cage, "a", 10);
                assertReadBack(cage, written);

                assertThatThrownBy(() -> cage.admin("g").transferLead("m" + WITNESS))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("is a witness");
            }
            g.awaitApplied();
            assertThat(g.tree(WITNESS)).as("the witness's tree").isEmpty();
            assertThat(g.tree(0)).isEqualTo(g.tree(1)).hasSize(written.size());

            try (Cage admin = Cage.builder().server("w", g.memberOnly(WITNESS)).build()) {
                GroupInfo info = admin.admin("w").group();
                assertThat(info.members()).extracting(GroupInfo.Member::id, GroupInfo.Member::role)
                    .contains(org.assertj.core.groups.Tuple.tuple("m" + WITNESS, GroupInfo.WITNESS),
                        org.assertj.core.groups.Tuple.tuple("m" + leader, GroupInfo.LEADER));
            }
            // Not even follower reads: it has nothing to read from.
            try (Cage reader = Cage.builder().server("w", g.memberOnly(WITNESS).withFollowerReads())
                .responseTimeout(Duration.ofSeconds(5)).build()) {
                assertThatThrownBy(() -> reader.stat("w", "a0.bin"))
                    .isInstanceOf(NotLeaderException.class).hasMessageContaining("is a witness");
            }
        }
    }

    @Test
    void aMemberWithFilesThatWasBehind_getsEveryAcknowledgedWriteFromTheWitness_whenTheLeaderIsLost() throws Exception {
        try (TestGroup g = TestGroup.startWithWitness(tmp, 3, WITNESS)) {
            int leader = g.awaitLeader();
            int behind = 1 - leader;
            Map<String, byte[]> written = new LinkedHashMap<>();
            try (Cage cage = client(g, leader)) {
                written.putAll(writeFiles(cage, "before", 5));
                g.awaitApplied();
                g.stopMember(behind);
                // Acknowledged by the leader and the witness alone.
                written.putAll(writeFiles(cage, "while-behind", 20));
            }
            g.stopMember(leader);

            g.startMember(behind);
            // Its log is shorter than the witness's: the witness wins the election, sends it the missing entries, and
            // hands it the lead. (TestGroup's leader is a member that serves, which a witness never does.)
            assertThat(g.awaitLeader()).isEqualTo(behind);
            try (Cage cage = client(g, behind)) {
                assertReadBack(cage, written);
            }
            assertThat(g.tree(behind)).hasSize(written.size());
            assertThat(g.tree(WITNESS)).as("the witness's tree").isEmpty();
        }
    }

    /**
     * A group of two members with files, a witness added while it runs (it catches up from the log): with one member
     * with files stopped, changes are still acknowledged (the leader and the witness are a majority of three; a group
     * of two that lost one would commit nothing). The witness keeps no files; the last member with files cannot be
     * removed.
     */
    @Test
    void aWitnessAddedToARunningGroupOfTwo_makesTheMajority_whenAMemberWithFilesIsDown() throws Exception {
        try (TestGroup g = TestGroup.start(tmp, 2)) {
            int leader = g.awaitLeader();
            int other = 1 - leader;
            Map<String, byte[]> written = new LinkedHashMap<>();
            int witness;
            try (Cage cage = client(g, leader)) {
                written.putAll(writeFiles(cage, "before", 5));
                witness = g.startJoiner(true);
                GroupConfig.Member w = g.member(witness);
                cage.admin("g").addMember(w.id(), w.host() + ":" + w.port() + ":" + w.raftPort() + ":witness", false);
                assertThat(cage.admin("g").group().members()).extracting(GroupInfo.Member::id, GroupInfo.Member::role)
                    .contains(org.assertj.core.groups.Tuple.tuple(w.id(), GroupInfo.WITNESS));
                written.putAll(writeFiles(cage, "with-witness", 5));
                g.awaitApplied();

                g.stopMember(other);
                written.putAll(writeFiles(cage, "other-down", 10));
                assertReadBack(cage, written);
                g.startMember(other);
                g.awaitApplied();
                assertThat(g.tree(witness)).as("the witness's tree").isEmpty();
                assertThat(g.tree(other)).as("the member that was down, caught up").isEqualTo(g.tree(leader))
                    .hasSize(written.size());

                cage.admin("g").removeMember("m" + other);
                assertThatThrownBy(() -> cage.admin("g").removeMember("m" + leader))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("last member with files");
                assertReadBack(cage, written);
            }
        }
    }

    private static Cage client(TestGroup g, int first) throws Exception {
        return Cage.builder().server("g", g.spec(first)).responseTimeout(Duration.ofSeconds(20)).build();
    }

    private Map<String, byte[]> writeFiles(Cage cage, String prefix, int count) throws Exception {
        Map<String, byte[]> written = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[1 + random.nextInt(20_000)];
            random.nextBytes(bytes);
            String path = prefix + i + ".bin";
            CageChannel ch = cage.open("g", path, OpenMode.EXCLUSIVE, true);
            cage.write(ch, 0, bytes);
            cage.close(ch); // pushes the pages: the write is acknowledged when this returns
            written.put(path, bytes);
        }
        return written;
    }

    private static void assertReadBack(Cage cage, Map<String, byte[]> written) throws Exception {
        for (Map.Entry<String, byte[]> e : written.entrySet()) {
            CageChannel ch = cage.open("g", e.getKey(), OpenMode.SHARED_READ);
            assertThat(cage.read(ch, 0, e.getValue().length + 1)).as(e.getKey()).isEqualTo(e.getValue());
            cage.close(ch);
        }
    }
}
