package dev.cage.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileContentTest {
    private final FileContent content = new FileContent(42);

    @TempDir
    Path tmp;

    @Test
    void write_givesAFileWhoseEveryRangeMatches_andFillGivesTheSameBytes() throws Exception {
        Path f = tmp.resolve("f.bin");
        long size = 3L * (1 << 20) + 5000;
        long[] written = new long[1];
        content.write(f, size, n -> written[0] += n);
        byte[] all = Files.readAllBytes(f);

        assertThat(all).hasSize((int) size);
        assertThat(written[0]).isEqualTo(size);
        assertThat(content.matches(0, all, 0, all.length)).isTrue();
        byte[] slice = new byte[10_000];
        content.fill(12_345, slice, 0, slice.length);
        assertThat(slice).isEqualTo(Arrays.copyOfRange(all, 12_345, 22_345));
        assertThat(content.matches(12_345, all, 12_345, 10_000)).isTrue();
    }

    @Test
    void matches_rejectsAnotherBlock_zeros_aFlippedByte_andAnotherSeed() {
        byte[] block7 = new byte[FileContent.BLOCK];
        content.fill(7L * FileContent.BLOCK, block7, 0, block7.length);
        assertThat(content.matches(7L * FileContent.BLOCK, block7, 0, block7.length)).isTrue();

        assertThat(content.matches(8L * FileContent.BLOCK, block7, 0, block7.length)).as("another block").isFalse();
        // Blocks that share pool bytes still differ in their stamp.
        long twin = 7L + (1 << 16);
        assertThat(content.matches(twin * FileContent.BLOCK, block7, 0, block7.length)).as("same pool slice").isFalse();
        assertThat(content.matches(0, new byte[FileContent.BLOCK], 0, FileContent.BLOCK)).as("zeros").isFalse();
        byte[] flipped = block7.clone();
        flipped[3000] ^= 1;
        assertThat(content.matches(7L * FileContent.BLOCK, flipped, 0, flipped.length)).as("flipped byte").isFalse();
        assertThat(new FileContent(43).matches(7L * FileContent.BLOCK, block7, 0, block7.length)).as("other seed").isFalse();
    }

    @Test
    void fill_andMatches_workAcrossBlockBoundariesAtAnyOffset() {
        byte[] b = new byte[3 * FileContent.BLOCK];
        content.fill(FileContent.BLOCK - 7, b, 0, b.length);
        assertThat(content.matches(FileContent.BLOCK - 7, b, 0, b.length)).isTrue();
        assertThat(content.matches(FileContent.BLOCK - 6, b, 0, b.length)).isFalse();
    }
}
