package io.gwkit.gateway.internal;

import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One message to many clients of one shard (sendToAll, sendToGroup), framed once per wire form (built-in protocol,
 * text or binary websocket frame, raw) instead of once per client: each client is written a retained duplicate of
 * the same bytes. A client of a custom {@code ClientProtocol} gets {@code null} (its encoder sees the payload).
 * Used on the shard's loop only; {@link #release()} once every write is queued.
 */
final class EncodedOnce {

    private final byte[] payload;
    private final boolean raw;
    /** Per form: raw, then each protocol's ordinal, websocket binary last; null until first needed. */
    private final ByteBuf[] forms = new ByteBuf[Listener.Protocol.values().length + 2];

    EncodedOnce(byte[] payload, boolean raw) {
        this.payload = payload;
        this.raw = raw;
    }

    /** The framed bytes for {@code client} (a retained duplicate: the write releases it), or null. */
    ByteBuf duplicateFor(ClientConnection client, boolean binary, ByteBufAllocator alloc) {
        if (!(client.protocol instanceof Listener.Protocol protocol)) {
            return null;
        }
        int form = raw ? 0 : protocol == Listener.Protocol.WEBSOCKET && binary ? forms.length - 1
                : 1 + protocol.ordinal();
        ByteBuf bytes = forms[form];
        if (bytes == null) {
            bytes = alloc.directBuffer(payload.length + 10);
            ClientEncoders.of(protocol).encodeTo(new OutboundMessage(payload, raw, binary), bytes);
            forms[form] = bytes;
        }
        return bytes.retainedDuplicate();
    }

    /** Drops this object's references; the queued writes keep theirs. */
    void release() {
        for (ByteBuf b : forms) {
            if (b != null) {
                b.release();
            }
        }
    }
}
