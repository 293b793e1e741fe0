package dev.cage.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cage.protocol.BranchId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TxIdTest {
    @Test
    void equalParts_areEqualIds_andTheArraysAreCopiedInAndOut() {
        byte[] g = {1, 2, 3};
        TxId a = new TxId(7, g, new byte[] {9});
        g[0] = 42;
        a.globalId()[1] = 42;
        TxId b = new TxId(7, new byte[] {1, 2, 3}, new byte[] {9});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new TxId(8, new byte[] {1, 2, 3}, new byte[] {9}));
        assertThat(a.toString()).isEqualTo("TxId[7:010203:09]");
    }

    @Test
    void partLongerThan64Bytes_isRefused() {
        assertThatThrownBy(() -> new TxId(1, new byte[BranchId.MAX_PART + 1], new byte[0]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 64 bytes");
    }

    @Test
    void wireForm_roundTripsToAnEqualId() {
        TxId id = TxId.random();
        assertThat(TxId.of(id.wire())).isEqualTo(id);
        assertThat(id.formatId()).isEqualTo(TxId.CAGE_FORMAT);
    }

    @Test
    void serializedId_readsBackEqual() throws Exception {
        TxId id = new TxId(5, new byte[] {1}, new byte[] {2});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(id);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(id);
        }
    }
}
