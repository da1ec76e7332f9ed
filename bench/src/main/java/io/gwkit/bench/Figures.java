package io.gwkit.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One bench run's named results, in the order they are reported; names carry the unit ("rtt p99 ms"). */
public final class Figures {

    private final Map<String, Double> values = new LinkedHashMap<>();

    public Figures put(String name, double value) {
        values.put(name, value);
        return this;
    }

    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no figure " + name + " in " + values.keySet());
        }
        return v;
    }

    public Map<String, Double> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
