package dev.cage.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks (see README)")
public class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("bench: not built in this tree");
        return 2;
    }
}
