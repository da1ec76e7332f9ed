package io.gwkit.gateway;

/** How a gateway picks the worker a new client is bound to (the choice is sticky per client). */
public enum Router {
    /** the worker with the fewest clients routed to it (PHP's default) */
    LEAST_CONNECTIONS,
    /** a uniformly random connected worker */
    RANDOM
}
