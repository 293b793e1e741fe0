package dev.cage.bench.micro;

import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cage bench micro}: runs the JMH benchmarks of this package, each in a forked JVM. */
@Command(name = "micro", mixinStandardHelpOptions = true,
    description = "JMH micro-benchmarks of the frame codec and the page cache's hits, with allocation per operation.")
public final class MicroBenchCommand implements Callable<Integer> {
    @Option(names = "--include", defaultValue = "dev\\.cage\\.bench\\.micro\\..*", paramLabel = "REGEX",
        description = "Benchmarks to run (default: all of them).")
    String include;

    @Option(names = "--seconds", defaultValue = "2", paramLabel = "N",
        description = "Seconds per warm-up and per measured iteration (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--iterations", defaultValue = "3", paramLabel = "N",
        description = "Warm-up and measured iterations each (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--no-gc-profile", negatable = true, defaultValue = "true",
        description = "Report the bytes allocated per operation (JMH's gc profiler; on by default).")
    boolean gcProfile;

    private java.util.Collection<RunResult> results = java.util.List.of();

    /** What the last run measured: one result per benchmark and parameter. */
    public java.util.Collection<RunResult> results() {
        return results;
    }

    @Override
    public Integer call() throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().include(include).forks(1)
            .warmupIterations(iterations).warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds));
        if (gcProfile) {
            options.addProfiler(GCProfiler.class);
        }
        results = new Runner(options.build()).run();
        return results.isEmpty() ? 1 : 0;
    }
}
