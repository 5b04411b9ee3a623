package com.example.infra;

import dev.hatest.harness.junit.HaScenarios;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Every scenario in src/test/resources/ha/scenarios, as hatest run would run it, as JUnit tests: one
 * container per file and per step, one test per verdict, named with its measured figure and its bound, so
 * Failsafe's XML report carries them. A cluster per file, started when its first test runs.
 */
class WebPairScenariosIT {

    @TestFactory
    Stream<DynamicNode> scenarios() {
        return HaScenarios.from(Path.of("src/test/resources/ha/scenarios"));
    }
}
