package io.gwkit.gateway.internal;

import io.gwkit.gateway.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Outbound framing of {@link OutboundMessage}s, one stateless encoder per client protocol. */
final class ClientEncoders {

    private ClientEncoders() {
    }

    /** The encoder of a built-in protocol. */
    static Base of(Listener.Protocol protocol) {
        return switch (protocol) {
            case TEXT -> Text.INSTANCE;
            case FRAME -> Frame.INSTANCE;
            case WEBSOCKET -> WebSocket.INSTANCE;
            case TCP -> Tcp.INSTANCE;
        };
    }

    abstract static class Base extends MessageToByteEncoder<OutboundMessage> {
        Base() {
            super(OutboundMessage.class, true); // direct: a heap buffer is copied to a direct one before the socket write
        }

        @Override
        protected final void encode(ChannelHandlerContext ctx, OutboundMessage msg, ByteBuf out) {
            encodeTo(msg, out);
        }

        /** The wire bytes of {@code msg}: as they are when raw (framed by their sender), else framed. */
        final void encodeTo(OutboundMessage msg, ByteBuf out) {
            if (msg.raw()) {
                out.writeBytes(msg.payload());
            } else {
                frame(msg, out);
            }
        }

        void frame(OutboundMessage msg, ByteBuf out) {
            frame(msg.payload(), out);
        }

        abstract void frame(byte[] payload, ByteBuf out);
    }

    /** Payload + {@code \n}. */
    @Sharable
    static final class Text extends Base {
        static final Text INSTANCE = new Text();

        @Override
        void frame(byte[] payload, ByteBuf out) {
            out.writeBytes(payload).writeByte('\n');
        }
    }

    /** u32 big-endian length including the 4 length bytes, then the payload. */
    @Sharable
    static final class Frame extends Base {
        static final Frame INSTANCE = new Frame();

        @Override
        void frame(byte[] payload, ByteBuf out) {
            out.writeInt(payload.length + 4).writeBytes(payload);
        }
    }

    /**
     * Unmasked FIN text frame (0x81), as Workerman sends every message by default; a binary frame (0x82) for a
     * message marked binary (by its sender or the connection's frame type).
     */
    @Sharable
    static final class WebSocket extends Base {
        static final WebSocket INSTANCE = new WebSocket();

        @Override
        void frame(OutboundMessage msg, ByteBuf out) {
            writeFrame(msg.binary() ? 0x82 : 0x81, msg.payload(), out);
        }

        @Override
        void frame(byte[] payload, ByteBuf out) {
            writeFrame(0x81, payload, out);
        }

        static void writeFrame(int firstByte, byte[] payload, ByteBuf out) {
            int len = payload.length;
            out.writeByte(firstByte);
            if (len <= 125) {
                out.writeByte(len);
            } else if (len <= 0xFFFF) {
                out.writeByte(126).writeShort(len);
            } else {
                out.writeByte(127).writeLong(len);
            }
            out.writeBytes(payload);
        }
    }

    /** Raw bytes. */
    @Sharable
    static final class Tcp extends Base {
        static final Tcp INSTANCE = new Tcp();

        @Override
        void frame(byte[] payload, ByteBuf out) {
            out.writeBytes(payload);
        }
    }
}
