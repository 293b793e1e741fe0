/**
 * One type per message body of the wire protocol: each request and each reply is a record that encodes and decodes
 * itself, and whose Javadoc draws its body layout (the fields after the frame header of {@link dev.cage.protocol.Frame},
 * and for a reply after its uint16 status; see {@link dev.cage.protocol.Wire} for the field encodings).
 *
 * <p>Decoders read with {@link dev.cage.protocol.Wire}, so a body cut short fails with {@code MALFORMED_FRAME} naming
 * the bytes missing, and (except HELLO) a body with bytes left after its last field fails the same way. Decoders only
 * check the layout; what a field's value means is checked where the request is served, in the order the node always
 * has. Replies that carry no fields have no type: their body is the status alone.
 */
package dev.cage.protocol.message;
