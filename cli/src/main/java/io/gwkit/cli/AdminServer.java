package io.gwkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gwkit.gateway.GatewayServer;
import io.gwkit.gateway.GatewayStats;
import io.gwkit.protocol.Command;
import io.gwkit.register.RegisterServer;
import io.gwkit.worker.BusinessWorker;
import io.gwkit.worker.WorkerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A node process's admin endpoint ({@code --metrics HOST:PORT}): Prometheus text at {@code /metrics} (Micrometer:
 * the bound nodes' figures plus JVM and process meters), the nodes' own figures as JSON at {@code /status} (what
 * {@code gw status --node} reads) and {@code 200 ok} at {@code /health}. Read-only; bind it to loopback or a
 * private network, like the inner port.
 */
final class AdminServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The client events a worker handles, counted by type. */
    private static final List<Command> EVENTS = List.of(Command.ON_CONNECT, Command.ON_MESSAGE, Command.ON_CLOSE,
            Command.ON_WEBSOCKET_CONNECT);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final HttpServer http;
    private final ExecutorService executor;
    /** Bound gateways by announced inner address, for /connections. */
    private final Map<String, GatewayServer> gateways = new java.util.concurrent.ConcurrentHashMap<>();
    /** One status entry per bound node, by kind ("gateways", "workers", "registers"). */
    private final Map<String, List<StatusEntry>> nodes = new LinkedHashMap<>();

    private interface StatusEntry {
        Map<String, Object> status();
    }

    private AdminServer(HttpServer http) {
        this.http = http;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("gw.info", () -> 1).tag("version", Gw.version()).description("gwkit version").register(registry);
        for (String kind : List.of("gateways", "workers", "registers")) {
            nodes.put(kind, new CopyOnWriteArrayList<>());
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gw-admin-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/metrics", ex -> answer(ex, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        http.createContext("/status", ex -> answer(ex, "application/json", JSON.writeValueAsString(status())));
        http.createContext("/connections", ex -> answer(ex, "application/json",
                JSON.writeValueAsString(connections())));
        http.createContext("/health", ex -> answer(ex, "text/plain; charset=utf-8", "ok\n"));
        http.start();
    }

    /** Binds {@code host:port} (port 0: any free one) and serves until {@link #close()}. */
    static AdminServer start(String host, int port) throws IOException {
        return new AdminServer(HttpServer.create(new InetSocketAddress(host, port), 16));
    }

    InetSocketAddress address() {
        return http.getAddress();
    }

    /** The registry, for meters of a role without its own stats (the HTTP bridge) and for tests. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Exposes a started gateway's {@link GatewayStats}, tagged with its announced inner address. */
    void gateway(GatewayServer gateway) {
        GatewayStats s = gateway.stats();
        String tag = gateway.announcedAddress();
        gateways.put(tag, gateway);
        gauge("gw.gateway.clients", "gateway", tag, s, GatewayStats::clients, "Client connections open now");
        gauge("gw.gateway.workers", "gateway", tag, s, GatewayStats::workers, "BusinessWorkers connected now");
        counter("gw.gateway.messages.received", "gateway", tag, s, GatewayStats::messagesReceived, null,
                "Messages read from clients");
        counter("gw.gateway.messages.sent", "gateway", tag, s, GatewayStats::messagesSent, null,
                "Messages queued to clients (one per client reached)");
        counter("gw.gateway.received", "gateway", tag, s, GatewayStats::bytesReceived, "bytes",
                "Message payload bytes read from clients");
        counter("gw.gateway.sent", "gateway", tag, s, GatewayStats::bytesSent, "bytes",
                "Message payload bytes queued to clients");
        counter("gw.gateway.send.buffer.drops", "gateway", tag, s, GatewayStats::sendBufferDrops, null,
                "Messages dropped because a send buffer was full");
        counter("gw.gateway.send.buffer.closes", "gateway", tag, s, GatewayStats::sendBufferCloses, null,
                "Connections closed because their send buffer was full");
        counter("gw.gateway.slow.client.holds", "gateway", tag, s, GatewayStats::slowClientHolds, null,
                "Times a client over its send buffer limit paused its senders until it drained");
        counter("gw.gateway.worker.gap.drops", "gateway", tag, s, GatewayStats::workerGapDrops, null,
                "Client events dropped, their clients closed, because no worker was connected in time");
        counter("gw.gateway.worker.ack.closes", "gateway", tag, s, GatewayStats::workerAckCloses, null,
                "Clients closed because a worker died before acknowledging one of their events");
        for (Command c : Command.values()) {
            FunctionCounter.builder("gw.gateway.inner.requests", s, x -> x.innerRequests(c))
                    .tag("gateway", tag).tag("command", c.name().toLowerCase(Locale.ROOT))
                    .description("Inner requests (workers, GatewayClients) by command").register(registry);
        }
        nodes.get("gateways").add(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", tag);
            m.put("listeners", gateway.listenerAddresses().stream().map(a -> a.getHostString() + ":" + a.getPort())
                    .toList());
            m.put("clients", s.clients());
            m.put("workers", s.workers());
            m.put("messages_received", s.messagesReceived());
            m.put("messages_sent", s.messagesSent());
            m.put("bytes_received", s.bytesReceived());
            m.put("bytes_sent", s.bytesSent());
            m.put("send_buffer_drops", s.sendBufferDrops());
            m.put("send_buffer_closes", s.sendBufferCloses());
            m.put("slow_client_holds", s.slowClientHolds());
            m.put("worker_gap_drops", s.workerGapDrops());
            m.put("worker_ack_closes", s.workerAckCloses());
            m.put("uptime_seconds", uptimeSeconds(s.startMillis()));
            return m;
        });
    }

    /** Exposes a started worker's {@link WorkerStats}, tagged {@code name:index}. */
    void worker(BusinessWorker worker) {
        WorkerStats s = worker.stats();
        String tag = worker.name() + ":" + worker.index();
        for (Command c : EVENTS) {
            FunctionCounter.builder("gw.worker.events", s, x -> x.events(c)).tag("worker", tag)
                    .tag("type", eventType(c)).description("Client events handled, by type").register(registry);
        }
        counter("gw.worker.errors", "worker", tag, s, WorkerStats::errors, null, "Handler calls that threw");
        counter("gw.worker.gateway.full.pauses", "worker", tag, s, WorkerStats::gatewayFullPauses, null,
                "Times a gateway's unsent bytes passed sendToGatewayBufferSize and event reading paused");
        Timer handler = Timer.builder("gw.worker.handler").tag("worker", tag).description("Handler duration")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        s.latencySink(nanos -> handler.record(nanos, TimeUnit.NANOSECONDS));
        gauge("gw.worker.gateways", "worker", tag, worker, w -> w.connectedGateways().size(),
                "Gateways this worker is connected to now");
        gauge("gw.worker.pending.events", "worker", tag, worker, BusinessWorker::pendingEvents,
                "Events received and not yet handled");
        nodes.get("workers").add(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", tag);
            m.put("gateways", new ArrayList<>(worker.connectedGateways()));
            Map<String, Long> events = new LinkedHashMap<>();
            for (Command c : EVENTS) {
                events.put(eventType(c), s.events(c));
            }
            m.put("events", events);
            m.put("errors", s.errors());
            m.put("gateway_full_pauses", s.gatewayFullPauses());
            m.put("pending_events", worker.pendingEvents());
            m.put("handler_seconds_total", s.handlerNanos() / 1e9);
            m.put("handler_seconds_max", s.handlerNanosMax() / 1e9);
            m.put("uptime_seconds", uptimeSeconds(s.startMillis()));
            return m;
        });
    }

    /** Exposes a started register's address book sizes. */
    void register(RegisterServer register) {
        String tag = register.address().getHostString() + ":" + register.address().getPort();
        gauge("gw.register.gateways", "register", tag, register, r -> r.gatewayAddresses().size(),
                "Gateway addresses listed now");
        gauge("gw.register.workers", "register", tag, register, RegisterServer::workerCount,
                "worker_connect subscriptions now (workers and GatewayClients)");
        nodes.get("registers").add(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", tag);
            m.put("gateways", register.gatewayAddresses());
            m.put("workers", register.workerCount());
            return m;
        });
    }

    /** What {@code /connections} answers: per gateway, connection id → client address (gw connections --node). */
    Map<String, Map<Long, String>> connections() {
        Map<String, Map<Long, String>> m = new LinkedHashMap<>();
        gateways.forEach((address, gateway) -> m.putAll(gateway.clientAddressesByShard()));
        return m;
    }

    /** What {@code /status} answers: version, uptime and every bound node's figures. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Gw.version());
        m.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        nodes.forEach((kind, entries) -> {
            if (!entries.isEmpty()) {
                m.put(kind, entries.stream().map(StatusEntry::status).toList());
            }
        });
        return m;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        gc.close();
        registry.close();
    }

    private <T> void gauge(String name, String tagKey, String tag, T source, ToDoubleFunction<T> f, String help) {
        Gauge.builder(name, source, f).strongReference(true).tag(tagKey, tag).description(help).register(registry);
    }

    private <T> void counter(String name, String tagKey, String tag, T source, ToLongFunction<T> f, String unit,
                             String help) {
        FunctionCounter.builder(name, source, x -> f.applyAsLong(x)).tag(tagKey, tag).baseUnit(unit)
                .description(help).register(registry);
    }

    private static String eventType(Command c) {
        return c.name().substring("ON_".length()).toLowerCase(Locale.ROOT);
    }

    private static long uptimeSeconds(long startMillis) {
        return (System.currentTimeMillis() - startMillis) / 1000;
    }

    private static void answer(HttpExchange ex, String contentType, String body) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : bytes.length);
            if (!method.equals("HEAD")) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
