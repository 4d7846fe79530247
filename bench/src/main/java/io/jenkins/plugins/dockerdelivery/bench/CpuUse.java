package io.jenkins.plugins.dockerdelivery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds spent so far, read from /proc: by this JVM and the processes it has waited for (the CLI and
 * cold sides), and by the daemon (dockerd, containerd and what they have waited for: the RUN steps'
 * runc). The difference over one side's build says where a slower build spent its time: a client that
 * competes with the daemon for the two cores, or a daemon that did more work.
 */
final class CpuUse {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench runs on

    private CpuUse() {}

    /** This JVM's own threads plus its waited-for children. */
    static double client() throws IOException {
        return seconds(Path.of("/proc/self/stat"), true);
    }

    /** The JVM's own threads only: the warm side's engine and anything it left running. */
    static double self() throws IOException {
        return seconds(Path.of("/proc/self/stat"), false);
    }

    /** dockerd and containerd with their waited-for children; 0 where neither runs here. */
    static double daemon() throws IOException {
        double sum = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                Path comm = process.resolve("comm");
                try {
                    String name = Files.readString(comm).strip();
                    if (List.of("dockerd", "containerd").contains(name)) {
                        sum += seconds(process.resolve("stat"), true);
                    }
                } catch (IOException gone) {
                    // a process that ended while the list was read
                }
            }
        }
        return sum;
    }

    /**
     * The share of the machine's CPU time that the hypervisor gave to others so far (steal, from the
     * {@code cpu} line of /proc/stat), as the pair {steal ticks, all ticks}; {0, 0} where there is none. A
     * series taken while the host was busy says so.
     */
    static long[] steal() throws IOException {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return new long[] {0, 0};
        }
        String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+"); // cpu user nice system idle ...
        long all = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // to steal; guest time is counted in user already
            all += Long.parseLong(f[i]);
        }
        return new long[] {f.length > 8 ? Long.parseLong(f[8]) : 0, all};
    }

    private static double seconds(Path stat, boolean withChildren) throws IOException {
        String text = Files.readString(stat);
        // the fields after the command name, which may hold spaces and parentheses itself
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime
        }
        return ticks / TICKS_PER_SECOND;
    }
}
