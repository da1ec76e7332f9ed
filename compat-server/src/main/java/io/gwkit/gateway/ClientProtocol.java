package io.gwkit.gateway;

import io.netty.channel.ChannelPipeline;

/**
 * How a listener's bytes become client messages and messages become bytes: Workerman's {@code Protocols\X} class.
 * The built-in protocols ({@link Listener.Protocol}: text, frame, websocket, tcp) implement it; register your own
 * with {@link GatewayServer.Builder#protocol} and listen on its scheme ({@code myproto://0.0.0.0:9000}, with
 * {@code myproto+tls://} for TLS).
 *
 * <pre>{@code
 * // a device protocol: u16 big-endian payload length, then the payload
 * ClientProtocol device = new ClientProtocol() {
 *     public String scheme() { return "device"; }
 *     public void initChannel(ChannelPipeline p, int maxPackageSize) {
 *         p.addLast(new LengthFieldBasedFrameDecoder(Math.min(maxPackageSize, 0xFFFF) + 2, 0, 2, 0, 2));
 *         p.addLast(new MessageToByteEncoder<byte[]>() {
 *             protected void encode(ChannelHandlerContext ctx, byte[] msg, ByteBuf out) {
 *                 out.writeShort(msg.length).writeBytes(msg);
 *             }
 *         });
 *     }
 * };
 * }</pre>
 */
public interface ClientProtocol {

    /** The scheme naming this protocol in listener URIs (lower case letters, digits, '-' and '.'). */
    String scheme();

    /**
     * Adds the handlers that frame one new connection to the end of {@code pipeline} (after TLS, before the
     * gateway's own). Inbound, each complete message must leave them as a {@code ByteBuf} or {@code byte[]}, and a
     * message longer than {@code maxPackageSize} must raise an exception: the gateway then closes that connection
     * (logged once), no other. Outbound, they receive each message to the client as a {@code byte[]} and write it
     * framed; a {@code ByteBuf} (a worker's raw send, flag 0x02, already framed) must pass unchanged, as it does
     * through a {@code MessageToByteEncoder<byte[]>}. Called on the connection's I/O thread; create stateful
     * handlers per call.
     */
    void initChannel(ChannelPipeline pipeline, int maxPackageSize);
}
