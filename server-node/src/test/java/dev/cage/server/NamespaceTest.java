package dev.cage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.client.Cage;
import dev.cage.client.CageChannel;
import dev.cage.protocol.CageFileExistsException;
import dev.cage.protocol.CageFileNotFoundException;
import dev.cage.protocol.FileBusyException;
import dev.cage.protocol.FileInfo;
import dev.cage.protocol.FileType;
import dev.cage.protocol.OpenMode;
import dev.cage.protocol.Status;
import dev.cage.protocol.WrongFileTypeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, remove, rename, mkdir, rmdir, list and stat, including on open files. */
class NamespaceTest {
    @TempDir
    Path tmp;
    TestNode node;
    Cage cage;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(tmp);
        cage = node.client("s");
    }

    @AfterEach
    void stop() {
        cage.close();
        node.close();
    }

    @Test
    void createListStatRemove_roundTrip() throws Exception {
        cage.mkdir("s", "docs");
        cage.create("s", "docs/a.txt");
        CageChannel ch = cage.open("s", "docs/a.txt", OpenMode.EXCLUSIVE);
        cage.write(ch, 0, "abc".getBytes());
        cage.close(ch);
        assertThat(cage.list("s", "docs")).extracting(FileInfo::name, FileInfo::size).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a.txt", 3L));
        assertThat(cage.list("s", "")).extracting(FileInfo::type).containsExactly(FileType.DIRECTORY);
        FileInfo st = cage.stat("s", "docs/a.txt");
        assertThat(st.type()).isEqualTo(FileType.FILE);
        assertThat(st.version()).isPositive();
        cage.remove("s", "docs/a.txt");
        cage.rmdir("s", "docs");
        assertThat(node.root().toFile().list()).isEmpty();
    }

    @Test
    void errors_haveSpecificTypes() throws Exception {
        cage.create("s", "f");
        assertThatThrownBy(() -> cage.create("s", "f")).isInstanceOf(CageFileExistsException.class);
        assertThatThrownBy(() -> cage.stat("s", "nope")).isInstanceOf(CageFileNotFoundException.class)
            .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> cage.open("s", "nope", OpenMode.SHARED_READ)).isInstanceOf(CageFileNotFoundException.class);
        assertThatThrownBy(() -> cage.create("s", "missing-dir/f")).isInstanceOf(CageFileNotFoundException.class);
        cage.mkdir("s", "d");
        cage.create("s", "d/inner");
        assertThatThrownBy(() -> cage.rmdir("s", "d")).isInstanceOf(WrongFileTypeException.class)
            .satisfies(e -> assertThat(((WrongFileTypeException) e).status()).isEqualTo(Status.DIRECTORY_NOT_EMPTY));
        assertThatThrownBy(() -> cage.remove("s", "d")).isInstanceOf(WrongFileTypeException.class)
            .hasMessageContaining("rmdir");
        assertThatThrownBy(() -> cage.rmdir("s", "f")).isInstanceOf(WrongFileTypeException.class);
        assertThatThrownBy(() -> cage.list("s", "f")).isInstanceOf(WrongFileTypeException.class);
        assertThatThrownBy(() -> cage.open("s", "d", OpenMode.SHARED_READ)).isInstanceOf(WrongFileTypeException.class);
    }

    @Test
    void renameOfAnOpenFile_channelFollowsTheFile() throws Exception {
        CageChannel ch = cage.open("s", "old.txt", OpenMode.EXCLUSIVE, true);
        cage.write(ch, 0, "data".getBytes());
        cage.rename("s", "old.txt", "new.txt");
        cage.write(ch, 4, "+more".getBytes());
        cage.close(ch);
        assertThat(node.root().resolve("old.txt")).doesNotExist();
        assertThat(Files.readString(node.root().resolve("new.txt"))).isEqualTo("data+more");
        // The exclusive hold moved with the file: while open, the new name was taken.
    }

    @Test
    void renameKeepsTheSharingHoldOnTheNewName() throws Exception {
        CageChannel ch = cage.open("s", "a", OpenMode.EXCLUSIVE, true);
        cage.rename("s", "a", "b");
        try (Cage other = node.client("s")) {
            assertThatThrownBy(() -> other.open("s", "b", OpenMode.SHARED_READ))
                .isInstanceOf(dev.cage.protocol.SharingConflictException.class);
        }
        cage.close(ch);
    }

    @Test
    void removeOfAnOpenFile_isRefusedUntilClosed() throws Exception {
        CageChannel ch = cage.open("s", "busy", OpenMode.SHARED_READ, true);
        assertThatThrownBy(() -> cage.remove("s", "busy")).isInstanceOf(FileBusyException.class)
            .hasMessageContaining("close it first");
        cage.close(ch);
        cage.remove("s", "busy");
        assertThat(node.root().resolve("busy")).doesNotExist();
    }

    @Test
    void renameOfADirectoryHoldingAnOpenFile_isRefused() throws Exception {
        cage.mkdir("s", "dir");
        CageChannel ch = cage.open("s", "dir/f", OpenMode.SHARED_WRITE, true);
        assertThatThrownBy(() -> cage.rename("s", "dir", "dir2")).isInstanceOf(FileBusyException.class);
        cage.close(ch);
        cage.rename("s", "dir", "dir2");
        assertThat(node.root().resolve("dir2/f")).exists();
    }

    @Test
    void renameOntoAnExistingFile_isRefused() throws Exception {
        cage.create("s", "x");
        cage.create("s", "y");
        assertThatThrownBy(() -> cage.rename("s", "x", "y")).isInstanceOf(CageFileExistsException.class);
    }
}
