package io.jenkins.plugins.dockerdelivery.maestro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Maestro-NG's output as it streams. Without a tty Maestro prints a whole new table row at every
 * progress update ({@code "  1. web-1  web  ship1  1:43e19d7  started"}); the last row of each index
 * is that instance's final state. Several tables (a {@code pull} then a {@code restart}) are kept
 * apart. ANSI colour is stripped; {@code ERROR:} lines and the last line of a traceback are kept as
 * errors.
 */
public final class MaestroOutput {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern HEADER =
            Pattern.compile("^\\s*#\\s+INSTANCE\\s+SERVICE\\s+SHIP\\s+CONTAINER\\s+STATUS\\s*$");
    private static final Pattern ROW =
            Pattern.compile("^\\s*(\\d+)\\.\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s+(.*?))?\\s*$");
    private static final Pattern CONTAINER = Pattern.compile("^(\\S+:(?:[0-9a-f]+|-)|-)(?:\\s+(.*))?$");
    private static final Pattern DURATION = Pattern.compile("^(.*?)\\s+for\\s+\\d\\S*$");
    private static final Pattern TRACEBACK_END = Pattern.compile("^[A-Za-z_][\\w.]*(Error|Exception)\\b.*");

    /** One instance as the last row of its index left it. */
    public record Instance(String name, String service, String ship, String container, String status) {}

    /** One table: one Maestro command's rows. */
    public static final class Table {
        private final Map<Integer, Instance> byIndex = new LinkedHashMap<>();

        /** Each instance's final state, by instance name, in the order they first appeared. */
        public Map<String, Instance> instances() {
            Map<String, Instance> byName = new LinkedHashMap<>();
            byIndex.values().forEach(i -> byName.put(i.name(), i));
            return byName;
        }
    }

    private final List<Table> tables = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final BiConsumer<Instance, Boolean> onChange;

    /** @param onChange told of every status change of an instance (true when its table is the first) */
    public MaestroOutput(BiConsumer<Instance, Boolean> onChange) {
        this.onChange = onChange;
    }

    public MaestroOutput() {
        this((i, first) -> {});
    }

    public static String stripAnsi(String line) {
        return ANSI.matcher(line).replaceAll("");
    }

    /** A line of standard output. */
    public synchronized void stdout(String raw) {
        String line = stripAnsi(raw);
        if (HEADER.matcher(line).matches()) {
            tables.add(new Table());
            return;
        }
        Matcher row = ROW.matcher(line);
        if (!row.matches()) {
            return;
        }
        if (tables.isEmpty()) {
            tables.add(new Table()); // a row without its header (output cut at the start): still read it
        }
        String rest = row.group(5) == null ? "" : row.group(5);
        String container = "";
        Matcher c = CONTAINER.matcher(rest);
        if (c.matches()) {
            container = c.group(1);
            rest = c.group(2) == null ? "" : c.group(2);
        }
        String status = normalise(rest);
        Table table = tables.get(tables.size() - 1);
        int index = Integer.parseInt(row.group(1));
        Instance previous = table.byIndex.get(index);
        Instance now = new Instance(
                row.group(2),
                row.group(3),
                row.group(4),
                container.isEmpty() && previous != null ? previous.container() : container,
                status);
        table.byIndex.put(index, now);
        if (!status.isEmpty() && (previous == null || !previous.status().equals(status))) {
            onChange.accept(now, tables.size() == 1);
        }
    }

    /** A line of standard error. */
    public synchronized void stderr(String raw) {
        String line = stripAnsi(raw).strip();
        if (line.startsWith("ERROR:")) {
            errors.add(line.substring("ERROR:".length()).strip());
        } else if (TRACEBACK_END.matcher(line).matches()) {
            errors.add(line);
        } else if (!line.isEmpty()
                && !line.startsWith("File ")
                && !line.startsWith("Traceback")
                && !line.matches("^[~^ ]+$")
                && errors.isEmpty()) {
            errors.add(line); // usage errors and plain messages, such as "No services or containers specified ..."
        }
    }

    /** Trailing padding and durations dropped: "up for 10s" is "up", "stopped   " is "stopped". */
    static String normalise(String status) {
        String s = status.strip();
        Matcher d = DURATION.matcher(s);
        return d.matches() ? d.group(1) : s;
    }

    /** How many tables (Maestro commands) have started so far. */
    public synchronized int tableCount() {
        return tables.size();
    }

    public synchronized List<Table> tables() {
        return List.copyOf(tables);
    }

    /** The last table's instances, or none. */
    public synchronized Map<String, Instance> instances() {
        return tables.isEmpty() ? Map.of() : tables.get(tables.size() - 1).instances();
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }
}
