package io.gwkit.bench;

import io.gwkit.worker.DemoApp;
import io.gwkit.worker.EventContext;

/**
 * The demo app without its logout broadcast, for connection benches: closing N clients of the demo app costs
 * O(N²) lines (each close is sent to every client still connected), which makes the end of a 19 000-client
 * run take minutes and disturbs the next run. Run it with {@code gw worker --app io.gwkit.bench.QuietDemoApp};
 * welcome and echo, which the benches rely on, are the demo app's.
 */
public class QuietDemoApp extends DemoApp {

    @Override
    public void onClose(EventContext ctx, String clientId) {
        // no logout broadcast
    }
}
