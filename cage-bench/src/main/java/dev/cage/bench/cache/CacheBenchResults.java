package dev.cage.bench.cache;

import java.util.List;

/**
 * Everything one run of {@code cage bench cache} measured. A part that was not run is {@code null} (or an
 * empty list for the hit rates).
 *
 * @param random      part 1: random 4 KiB reads per column and pattern
 * @param zipfMemory  part 4: heap cost of the warmed Zipf cache (10 % of the file, 4 KiB pages)
 * @param hitRates    part 2: trace-driven hit rates by policy
 * @param hibernation part 3 (and part 4 for the hibernation cache)
 */
record CacheBenchResults(RandomReadResults random, MemoryFigure zipfMemory, List<HitRateBenchmark.Row> hitRates,
                                HibernationResults hibernation) {
}
