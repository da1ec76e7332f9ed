package io.gwkit.conformance.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which cluster a {@link GatewayWorkerConformance} test replays the golden captures against. Every element
 * can be overridden from the command line by the system property named in its Javadoc, so one test class
 * serves several environments ({@code mvn test -Dgwkit.conformance.register=10.0.0.5:1236 ...}).
 * A live target needs {@code register}, {@code text} and {@code ws}; with none of them the embedded Java
 * cluster is the target (it needs the canonical ports 1236, 8282, 8283, 2900, 2901).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConformanceTarget {

    /** Register {@code host:port} of the cluster under test; {@code gwkit.conformance.register}. */
    String register() default "";

    /** Text gateway {@code host:port} ({@code text://} listener); {@code gwkit.conformance.text}. */
    String text() default "";

    /** Websocket gateway {@code host:port}; {@code gwkit.conformance.ws}. */
    String ws() default "";

    /**
     * Shell command run before every scenario to restart the cluster (the captures start from a fresh
     * cluster; env {@code SECRET} and {@code GW_SCENARIO} are set); {@code gwkit.conformance.restartCmd}.
     */
    String restartCmd() default "";

    /**
     * An external GatewayClient command for the call steps (gwcall.php protocol), instead of the Java SDK;
     * {@code gwkit.conformance.callCmd}.
     */
    String callCmd() default "";

    /** Wait after the register lists the gateways, for workers to connect; {@code gwkit.conformance.settleMs}. */
    long settleMs() default 1000;

    /** Globs on scenario names to run ({@code send*}); empty runs all; {@code gwkit.conformance.only} (comma-separated). */
    String[] only() default {};

    /** A directory of {@code *.gwcap.jsonl} captures instead of the bundled PHP ones; {@code gwkit.conformance.captures}. */
    String captures() default "";

    /** Whether a documented deviation fails its test (default: it passes, reported); {@code gwkit.conformance.failOnDeviation}. */
    boolean failOnDeviation() default false;

    /** Where the HTML report and index.json go; {@code gwkit.conformance.reportDir}. */
    String reportDir() default "target/gwkit-conformance";
}
