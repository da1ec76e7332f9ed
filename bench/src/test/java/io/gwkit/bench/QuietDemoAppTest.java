package io.gwkit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventContext;
import io.gwkit.worker.EventHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench worker app: the demo app minus the logout broadcast. */
class QuietDemoAppTest {

    /** The EventContext methods {@code handler.onClose} calls. */
    private static List<String> callsOnClose(EventHandler handler) throws Exception {
        List<String> calls = new ArrayList<>();
        EventContext ctx = (EventContext) Proxy.newProxyInstance(EventContext.class.getClassLoader(),
                new Class<?>[] {EventContext.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        handler.onClose(ctx, "7f00000108fc00000001");
        return calls;
    }

    @Test
    void closingSendsNothingWhereTheDemoAppBroadcastsALogout() throws Exception {
        assertEquals(List.of("sendToAll"), callsOnClose(new DemoApp()));
        assertEquals(List.of(), callsOnClose(new QuietDemoApp()));
    }
}
