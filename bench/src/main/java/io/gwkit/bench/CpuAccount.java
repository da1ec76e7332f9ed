package io.gwkit.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU the load generator and the servers under test spend during one bench window, reported per unit of
 * work: on a shared 2-core machine CPU per message is the fair comparison where wall-clock rates are noise.
 */
final class CpuAccount {

    private final List<Long> serverPids;
    private final List<Long> agentPids;
    private final List<Long> generatorPids;
    private final CpuMeter generator = new CpuMeter();
    private final double serverBefore;
    private final Map<String, Double> threadsBefore;
    private final double agentsBefore;
    private final double generatorSysBefore;
    private final double serverSysBefore;

    private CpuAccount(List<Long> serverPids, List<Long> agentPids) throws IOException {
        this.serverPids = serverPids;
        this.agentPids = agentPids;
        this.generatorPids = Stream.concat(Stream.of(ProcessHandle.current().pid()),
                agentPids.stream()).toList();
        this.serverBefore = ProcStat.cpuSeconds(serverPids);
        this.threadsBefore = ProcStat.cpuSecondsByThread(serverPids);
        this.agentsBefore = agentPids.isEmpty() ? 0 : ProcStat.cpuSeconds(agentPids);
        this.generatorSysBefore = ProcStat.systemCpuSeconds(generatorPids);
        this.serverSysBefore = serverPids.isEmpty() ? Double.NaN : ProcStat.systemCpuSeconds(serverPids);
    }

    /** Starts the window; {@code serverPids} may be empty (then the server figures are NaN or absent). */
    static CpuAccount start(List<Long> serverPids) throws IOException {
        return new CpuAccount(serverPids, List.of());
    }

    /**
     * Starts the window for a load generator that also runs in {@code agentPids} (child processes holding its
     * clients): their CPU counts as the generator's.
     */
    static CpuAccount start(List<Long> serverPids, List<Long> agentPids) throws IOException {
        return new CpuAccount(serverPids, List.copyOf(agentPids));
    }

    /** Adds the CPU figures per {@code unit} ("msg", "line") for {@code count} units done in {@code wallSeconds}. */
    void put(Figures f, String unit, long count, double wallSeconds) throws IOException {
        double agentsCpu = agentPids.isEmpty() ? 0 : ProcStat.cpuSeconds(agentPids) - agentsBefore;
        double generatorPercent = generator.percentOfOneCore() + 100 * agentsCpu / wallSeconds;
        double serverCpu = ProcStat.cpuSeconds(serverPids) - serverBefore;
        Map<String, Double> threadsAfter = ProcStat.cpuSecondsByThread(serverPids);
        double serverSys = serverPids.isEmpty() ? Double.NaN : ProcStat.systemCpuSeconds(serverPids) - serverSysBefore;
        f.put("generator cpu %", generatorPercent)
                .put("server cpu %", 100 * serverCpu / wallSeconds)
                .put("server cpu us/" + unit, 1e6 * serverCpu / count)
                .put("generator cpu us/" + unit, generatorPercent / 100 * wallSeconds * 1e6 / count)
                .put("generator sys cpu us/" + unit,
                        1e6 * (ProcStat.systemCpuSeconds(generatorPids) - generatorSysBefore) / count)
                .put("server sys cpu us/" + unit, 1e6 * serverSys / count);
        ProcStat.putPerThread(f, "server cpu us/" + unit, threadsBefore, threadsAfter, count);
    }
}
