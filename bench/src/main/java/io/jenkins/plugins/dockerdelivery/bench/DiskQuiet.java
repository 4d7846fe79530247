package io.jenkins.plugins.dockerdelivery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Waits until the machine's disks have written nothing for a while. A {@code sync} flushes dirty pages,
 * but not what the daemon still does after a prune (its build cache and the removed images' layers are
 * deleted in the background, gigabytes after the old site). Before this wait, the side that went first
 * after a prune had the slowest old-site first build in 7 of 10 runs, whichever side it was.
 */
final class DiskQuiet {
    private static final long POLL_MILLIS = 250;
    private static final int QUIET_POLLS = 8; // 2 s without a sector written
    private static final long TIMEOUT_MILLIS = 30_000; // a machine that never goes quiet still gets measured

    private DiskQuiet() {}

    /**
     * @return the seconds waited: at most 30 s, so that a disk another program keeps writing to does not stall
     *     the benchmark; none on a machine without /proc/diskstats
     */
    static double await() throws IOException, InterruptedException {
        Path stats = Path.of("/proc/diskstats");
        if (!Files.isReadable(stats)) {
            return 0;
        }
        Set<String> disks = wholeDisks();
        long start = System.nanoTime();
        long last = sectorsWritten(stats, disks);
        int quiet = 0;
        while (quiet < QUIET_POLLS && (System.nanoTime() - start) / 1_000_000 < TIMEOUT_MILLIS) {
            Thread.sleep(POLL_MILLIS);
            long now = sectorsWritten(stats, disks);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        // the quiet stretch itself is part of the wait, not of the next build
        return (System.nanoTime() - start) / 1e9;
    }

    /** The block devices that are disks, not their partitions (which /proc/diskstats counts again), loops or RAM. */
    private static Set<String> wholeDisks() throws IOException {
        try (Stream<Path> devices = Files.list(Path.of("/sys/block"))) {
            return devices.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("loop") && !n.startsWith("ram") && !n.startsWith("zram"))
                    .collect(Collectors.toSet());
        }
    }

    /** Field 10 of /proc/diskstats: sectors written, summed over the disks. */
    private static long sectorsWritten(Path stats, Set<String> disks) throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(stats)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && disks.contains(f[2])) {
                sum += Long.parseLong(f[9]);
            }
        }
        return sum;
    }
}
