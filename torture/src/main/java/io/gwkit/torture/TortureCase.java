package io.gwkit.torture;

import java.util.Objects;

/**
 * One hostile case: a dotted id ({@code group.n}, Autobahn style), a short name, what it sends and what a robust
 * cluster does. {@link #run} performs the attack and reports what happened to the offending connection; the
 * runner then checks the cluster's health and classifies ({@link Outcome#classify}).
 */
public final class TortureCase {

    /** The attack. Connections come from the context (closed after the health check). */
    @FunctionalInterface
    public interface Body {
        Observation run(CaseContext ctx) throws Exception;
    }

    /** Work started when the run starts, for cases whose observation needs time to pass (auth timeouts). */
    @FunctionalInterface
    public interface Preparation {
        void start(CaseContext ctx) throws Exception;
    }

    private final String id;
    private final String name;
    private final String description;
    private final Body body;
    private Preparation preparation;
    private boolean needsSecret;
    private boolean needsWs;

    private TortureCase(String id, String name, String description, Body body) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.body = Objects.requireNonNull(body);
    }

    public static TortureCase of(String id, String name, String description, Body body) {
        return new TortureCase(id, name, description, body);
    }

    /** Only runs against a target with a secret key. */
    TortureCase needsSecret() {
        this.needsSecret = true;
        return this;
    }

    /** Only runs when the websocket gateway is given. */
    TortureCase needsWs() {
        this.needsWs = true;
        return this;
    }

    TortureCase preparedBy(Preparation p) {
        this.preparation = p;
        return this;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Whether the case makes sense against {@code target} (secret-only cases, websocket cases). */
    public boolean appliesTo(TortureTarget target) {
        return (!needsSecret || target.hasSecret()) && (!needsWs || target.ws() != null);
    }

    void prepare(CaseContext ctx) throws Exception {
        if (preparation != null) {
            preparation.start(ctx);
        }
    }

    Observation run(CaseContext ctx) throws Exception {
        return body.run(ctx);
    }

    @Override
    public String toString() {
        return id + " " + name;
    }
}
