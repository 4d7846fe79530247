package io.jenkins.plugins.dockerdelivery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * CPU seconds spent so far, read from /proc: by this JVM and the processes it has waited for (the CLI and
 * cold sides), and by the daemon (dockerd, containerd and what they have waited for: the RUN steps'
 * runc). The difference over one side's build says where a slower build spent its time: a client that
 * competes with the daemon for the two cores, or a daemon that did more work.
 */
final class CpuUse {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the bench runs on
    private static final Set<String> DAEMONS = Set.of("dockerd", "containerd");

    private CpuUse() {}

    /** This JVM's own threads plus its waited-for children. */
    static double client() throws IOException {
        return seconds(Path.of("/proc/self/stat"));
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
                    if (DAEMONS.contains(name)) {
                        sum += seconds(process.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // a process that ended while the list was read
                }
            }
        }
        return sum;
    }

    /** The machine's CPU time so far, in ticks: all of it, and what the hypervisor gave to other machines. */
    record Ticks(long all, long steal) {
        /** The share of the cores' time stolen since {@code earlier}, in percent; 0 where /proc/stat has none. */
        double stealPercentSince(Ticks earlier) {
            long elapsed = all - earlier.all;
            return elapsed == 0 ? 0 : 100.0 * (steal - earlier.steal) / elapsed;
        }
    }

    /** From the {@code cpu} line of /proc/stat; zero ticks where there is none. */
    static Ticks ticks() throws IOException {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return new Ticks(0, 0);
        }
        String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+"); // cpu user nice system idle ...
        long all = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // up to steal; guest time is counted in user already
            all += Long.parseLong(f[i]);
        }
        return new Ticks(all, f.length > 8 ? Long.parseLong(f[8]) : 0);
    }

    /** A process's CPU time with that of the children it has waited for. */
    private static double seconds(Path stat) throws IOException {
        String text = Files.readString(stat);
        // the fields after the command name, which may hold spaces and parentheses itself
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime
            ticks += Long.parseLong(f[i]);
        }
        return ticks / TICKS_PER_SECOND;
    }
}
