package dev.cage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The String a Cage reports its {@link TierStats} as, and reads back in {@code cage cache stats}. */
class TierStatsReportTest {
    private static final TierStats STATS = new TierStats(1, 2, 3, 4, 5, 6, 7, 8_000_000_000L, 9, 10);
    private static final Instant AT = Instant.parse("2025-01-31T12:00:00.123Z");

    @Test
    void format_thenParse_givesEveryFieldBack() {
        TierStatsReport r = new TierStatsReport("box/4711 reader", TierStatsReport.Role.MEMBER, "uuid-1", AT, STATS);

        assertThat(TierStatsReport.parse(r.format())).isEqualTo(r);
    }

    @Test
    void format_namesEveryTierStatsFieldAsPlainPairs() {
        String value = new TierStatsReport("box/1 c", TierStatsReport.Role.CLIENT, "u", AT, STATS).format();

        assertThat(value).startsWith("v=1;label=box/1 c;role=client;instance=u;at=2025-01-31T12:00:00.123Z;")
            .contains(";localHits=1;clusterHits=2;serverReads=3;evictions=4;invalidations=5;published=6;")
            .contains(";clusterErrors=7;sharedBytesOnMember=8000000000;sharedPagesOnMember=9;")
            .endsWith(";sharedEvictionsOnMember=10");
    }

    @Test
    void labelsWithSeparatorsAndEscapes_surviveTheRoundTrip() {
        for (String label : new String[] {"a;b", "x=y", "k=v;role=client", "100% %3B %", ";=;=", "", "naïve 名前 🙂",
            "tab\there"}) {
            TierStatsReport r = new TierStatsReport(label, TierStatsReport.Role.MEMBER, "i;d=", AT, STATS);
            String value = r.format();

            assertThat(TierStatsReport.parse(value)).as("label '%s' as %s", label, value).isEqualTo(r);
            assertThat(value.split(";")).hasSize(15); // the separators in the label were escaped
        }
    }

    @Test
    void parse_ignoresUnknownKeys_andTakesMissingCountersAsZero() {
        TierStatsReport r = TierStatsReport.parse("v=1;label=l;role=member;instance=i;at=" + AT
            + ";clusterHits=5;somethingNew=x");

        assertThat(r.stats()).isEqualTo(new TierStats(0, 5, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void parse_badValues_throwIllegalArgumentException() {
        String ok = "v=1;label=l;role=member;instance=i;at=" + AT;
        for (String bad : new String[] {"", "v=2;label=l;role=member;instance=i;at=" + AT, ok + ";localHits=many",
            ok.replace("role=member", "role=owner"), ok.replace(";instance=i", ""), ok + ";noequals",
            ok.replace("label=l", "label=%4"), ok.replace("label=l", "label=%zz"), ok.replace(AT.toString(), "noon")}) {
            assertThatThrownBy(() -> TierStatsReport.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void mapName_isThePageMapsNameWithStats() {
        assertThat(TierStatsReport.mapName("cage-pages")).isEqualTo("cage-pages-stats");
    }

    @Test
    void withStatsInterval_belowOneTenthOfASecondOrNull_isRefused() {
        SharedPageCache s = SharedPageCache.client(new SharedPageCache.Client("c", java.util.List.of("127.0.0.1:1")));

        assertThat(s.statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.withStatsInterval(Duration.ofMillis(100)).statsInterval()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> s.withStatsInterval(Duration.ofMillis(99))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("stats interval must be at least 100 ms");
        assertThatThrownBy(() -> s.withStatsInterval(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.withMapName("m").withStatsInterval(Duration.ofSeconds(5)).mapName()).isEqualTo("m");
    }
}
