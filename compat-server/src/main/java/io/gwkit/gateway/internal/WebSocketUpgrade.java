package io.gwkit.gateway.internal;

import io.gwkit.gateway.GatewayHooks;
import io.netty.buffer.ByteBuf;

/**
 * Fired by the handshake handler when a websocket upgrade request was accepted: the cmd 205 body and the
 * 101 response, which the state thread writes after telling the worker; the session (serialized) and frame type
 * a handshake hook chose, or null.
 */
record WebSocketUpgrade(byte[] serializedRequest, ByteBuf response, byte[] session, GatewayHooks.FrameType frameType) {

    WebSocketUpgrade(byte[] serializedRequest, ByteBuf response) {
        this(serializedRequest, response, null, null);
    }
}
