package io.clusternode.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every scenario, in the order a full run executes them (cold initialisation and heap first, on a quiet JVM). */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(new InitScenario(), new HeapScenario(), new ModelScenario(), new HttpClientScenario(), new MemoryScenario(),
                new AgentScenario(), new WorkflowScenario(), new MixedScenario(), new StressScenario(), new SoakScenario(),
                new SweepScenario(), new ServerScenario());
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Scenario scenario : all()) {
            names.add(scenario.name());
        }
        return names;
    }

    public static Optional<Scenario> byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
