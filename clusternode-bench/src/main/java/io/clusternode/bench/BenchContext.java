package io.clusternode.bench;

import io.clusternode.bench.report.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a scenario gets: the settings, the progress bar, and where its rows and series go. */
public final class BenchContext {

    private final BenchSettings settings;
    private final Progress progress;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> series = new LinkedHashMap<>();
    private final Map<String, Object> used = new LinkedHashMap<>();

    public BenchContext(BenchSettings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchSettings settings() {
        return settings;
    }

    public Progress progress() {
        return progress;
    }

    public void add(Row row) {
        rows.add(row);
    }

    public void series(String name, Object value) {
        series.put(name, value);
    }

    /**
     * Records a setting as the scenario actually used it, for the JSON report (e.g. the soak's real length
     * when quick mode shortened it).
     *
     * @param name  the setting's name, e.g. {@code soak.seconds}
     * @param value its value
     */
    public void used(String name, Object value) {
        used.put(name, value);
    }

    /** The settings recorded with {@link #used}. */
    public Map<String, Object> used() {
        return used;
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<String, Object> series() {
        return series;
    }
}
