package io.jenkins.plugins.dockerdelivery.rebuild;

import io.jenkins.plugins.dockerdelivery.graph.RebuildPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a rebuild did, producer by producer, in plan order (then those the plan left out): what the
 * CLI prints as a table and the plugin shows on the build page.
 */
public record RebuildSummary(List<Row> rows, List<RebuildPlan.Cycle> cycles, String cancelled) {
    public RebuildSummary {
        rows = List.copyOf(rows);
        cycles = List.copyOf(cycles);
    }

    /**
     * @param duration how long it ran; null if it never started
     * @param pushed tag to digest, for what it pushed
     * @param reason why it failed or was not built; null when built
     */
    public record Row(String producer, Outcome outcome, Duration duration, Map<String, String> pushed, String reason) {
        public Row {
            pushed = Map.copyOf(pushed);
        }

        /** "built in 12.3 s", "failed after 2.0 s: ...", "skipped: ...". */
        public String describe() {
            String time = duration == null ? "" : " " + seconds(duration);
            return switch (outcome) {
                case BUILT -> "built in" + time + (pushed.isEmpty() ? "" : ", pushed " + pushedText());
                case FAILED -> "failed" + (duration == null ? "" : " after" + time) + ": " + reason;
                case CANCELLED -> "cancelled" + (reason == null ? "" : ": " + reason);
                case SKIPPED -> reason == null ? "skipped" : reason;
                case PENDING, RUNNING -> outcome.name().toLowerCase(java.util.Locale.ROOT);
            };
        }

        /** "12.3 s", or "-" when it never ran. */
        public String durationText() {
            return duration == null ? "-" : seconds(duration);
        }

        public String pushedText() {
            List<String> out = new ArrayList<>();
            pushed.forEach((tag, digest) -> out.add(tag + "@" + digest));
            return String.join(", ", out);
        }
    }

    /** Whether every planned producer was built and nothing was skipped, left out or cancelled. */
    public boolean allBuilt() {
        return cancelled == null && rows.stream().allMatch(r -> r.outcome() == Outcome.BUILT);
    }

    public long count(Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** A plain-text table: producer, outcome, duration, pushed digests, reason. */
    public String table() {
        String[] header = {"PRODUCER", "OUTCOME", "DURATION", "PUSHED", "REASON"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row row : rows) {
            lines.add(new String[] {
                row.producer(),
                row.outcome().name().toLowerCase(java.util.Locale.ROOT),
                row.durationText(),
                row.pushed().isEmpty() ? "-" : row.pushedText(),
                row.reason() == null ? "" : row.reason()
            });
        }
        int[] width = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                l.append(i == line.length - 1 ? line[i] : String.format("%-" + width[i] + "s  ", line[i]));
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        out.append(count(Outcome.BUILT))
                .append(" built, ")
                .append(count(Outcome.FAILED))
                .append(" failed, ")
                .append(count(Outcome.SKIPPED))
                .append(" skipped, ")
                .append(count(Outcome.CANCELLED))
                .append(" cancelled");
        if (!cycles.isEmpty()) {
            out.append("; dependency cycles: ")
                    .append(String.join(
                            "; ",
                            cycles.stream().map(RebuildPlan.Cycle::toString).toList()));
        }
        if (cancelled != null) {
            out.append("; cancelled: ").append(cancelled);
        }
        return out.append('\n').toString();
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
