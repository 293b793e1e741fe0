package dev.cage.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleUsersTest {
    @TempDir
    Path dir;

    @Test
    void theRightPasswordLogsIn_aWrongOneOrAnUnknownUserDoesNot() {
        ConsoleUsers users = new ConsoleUsers(dir.resolve("users"));
        String password = users.add("ops", Role.OPERATOR);
        assertThat(users.check("ops", password)).map(ConsoleUsers.User::role).contains(Role.OPERATOR);
        assertThat(users.check("ops", password + "x")).isEmpty();
        assertThat(users.check("nobody", password)).isEmpty();
    }

    @Test
    void theFileHoldsHashesOnly_andOnlyItsOwnerCanReadIt() throws Exception {
        Path file = dir.resolve("users");
        ConsoleUsers users = new ConsoleUsers(file);
        String password = users.add("admin", Role.ADMIN);
        assertThat(Files.readString(file)).doesNotContain(password).contains("admin admin enabled pbkdf2-sha256:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDisabledUser_orAChangedRole_countsAtTheNextCheck() throws Exception {
        Path file = dir.resolve("users");
        ConsoleUsers users = new ConsoleUsers(file);
        String password = users.add("ann", Role.ADMIN);
        assertThat(users.roleOf("ann")).contains(Role.ADMIN);
        Files.writeString(file, Files.readString(file).replace("ann admin enabled", "ann viewer disabled"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(users.roleOf("ann")).isEmpty();
        assertThat(users.check("ann", password)).isEmpty();
    }

    @Test
    void badNamesAndMalformedLines_areRefusedClearly() throws Exception {
        ConsoleUsers users = new ConsoleUsers(dir.resolve("users"));
        assertThatThrownBy(() -> users.put("a b", Role.VIEWER, "pw")).isInstanceOf(IllegalArgumentException.class);
        Files.writeString(dir.resolve("bad"), "just-a-name\n");
        assertThatThrownBy(() -> new ConsoleUsers(dir.resolve("bad")).roleOf("x"))
            .hasMessageContaining("malformed line");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("unknown role 'root'");
    }

    @Test
    void rolesIncludeTheRolesBelowThem() {
        assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.allows(Role.ADMIN)).isFalse();
    }
}
