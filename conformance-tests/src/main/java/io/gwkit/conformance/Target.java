package io.gwkit.conformance;

import io.gwkit.conformance.record.Recorder;

/**
 * Something the conformance runner replays scenarios against: a cluster started fresh for every scenario.
 * A target decides which links the runner can observe; only those are compared.
 */
public interface Target extends AutoCloseable {

    /**
     * Where the runner's test clients and GatewayClient calls go for one scenario.
     *
     * @param innerRoute maps a gateway inner address to the address a GatewayClient should connect to
     * @param addresses  how the target's addresses differ from the capture's: the runner maps call arguments
     *                   with it and rewrites its recording back before comparison
     */
    record Endpoints(String text, String webSocket, String register, java.util.function.UnaryOperator<String> innerRoute,
                     AddressMap addresses) {

        /** Endpoints of a target on the capture's own addresses. */
        public Endpoints(String text, String webSocket, String register,
                         java.util.function.UnaryOperator<String> innerRoute) {
            this(text, webSocket, register, innerRoute, AddressMap.none());
        }
    }

    /**
     * Starts (or restarts) the cluster for {@code scenario}, recording the links it can observe into
     * {@code recorder}, and returns once the cluster is ready for the first step.
     */
    Endpoints start(CaptureHeader scenario, Recorder recorder) throws Exception;

    /** Stops what {@link #start} started. */
    void stop() throws Exception;

    /** Whether frames of this link and connecting role are observed (and therefore compared). */
    boolean observes(Link link, String connectingRole);

    /** Names the implementation under test, for reports and the capture header's {@code source}. */
    String describe();

    @Override
    default void close() throws Exception {
        stop();
    }
}
