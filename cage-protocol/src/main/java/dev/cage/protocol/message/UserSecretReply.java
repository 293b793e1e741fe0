package dev.cage.protocol.message;

import dev.cage.protocol.ProtocolException;
import dev.cage.protocol.Wire;
import io.netty.buffer.ByteBuf;

/**
 * The reply to ADMIN_USER_PUT: the user's new secret, which the node keeps only as SCRAM keys.
 *
 * <pre>
 * string secret
 * </pre>
 */
public record UserSecretReply(String secret) implements Message {

    @Override
    public void encode(ByteBuf out) {
        Wire.writeString(out, secret);
    }

    public static UserSecretReply decode(ByteBuf in) throws ProtocolException {
        String secret = Wire.readString(in);
        Wire.end(in);
        return new UserSecretReply(secret);
    }
}
