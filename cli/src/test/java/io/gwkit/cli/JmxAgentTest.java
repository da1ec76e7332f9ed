package io.gwkit.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwkit.bench.JmxHeap;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code --jmx} serves JMX only with authentication (issue 16, item 7). */
@Tag("socket")
class JmxAgentTest {

    @Test
    void onlyTheRightPasswordGetsIn() throws Exception {
        try (JmxAgent.Running jmx = JmxAgent.start(0, "right-pw")) {
            String at = "127.0.0.1:" + jmx.port();
            assertThrows(SecurityException.class, () -> JmxHeap.connect(at, null));
            assertThrows(SecurityException.class, () -> JmxHeap.connect(at, "wrong-pw"));
            try (JmxHeap heap = JmxHeap.connect(at, "right-pw")) {
                assertTrue(heap.sample() != null);
            }
        }
    }

    @Test
    void aGeneratedPasswordIsPrintedWithTheUrl() throws Exception {
        StringWriter err = new StringWriter();
        try (JmxAgent.Running jmx = JmxAgent.startFor(0, new PrintWriter(err, true))) {
            if (System.getenv("GW_JMX_PASSWORD") == null) {
                assertTrue(err.toString().contains(" user gw password " + jmx.password()), err.toString());
                assertTrue(jmx.password().length() >= 24, jmx.password());
            }
            try (JmxHeap heap = JmxHeap.connect("127.0.0.1:" + jmx.port(), jmx.password())) {
                assertTrue(heap.sample() != null);
            }
        }
    }
}
