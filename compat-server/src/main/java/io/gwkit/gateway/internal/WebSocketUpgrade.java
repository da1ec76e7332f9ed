package io.gwkit.gateway.internal;

import io.netty.buffer.ByteBuf;

/**
 * Fired by the handshake handler when a websocket upgrade request was accepted: the cmd 205 body and the
 * 101 response, which the state thread writes after telling the worker.
 */
record WebSocketUpgrade(byte[] serializedRequest, ByteBuf response) {
}
