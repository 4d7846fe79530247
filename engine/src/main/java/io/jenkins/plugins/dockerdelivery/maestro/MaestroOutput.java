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
 * is that instance's final state. Several tables are kept apart. Along the way it remembers, per
 * instance, the image a new container was created from and every failure Maestro showed before the
 * final word (a failed pre-stop check is followed by {@code up}). ANSI colour is stripped; {@code
 * ERROR:} lines, plain messages and the exception that ended a traceback (its last line, whatever
 * the exception class is called) are kept as errors; traceback frames and quoted source lines are not.
 */
public final class MaestroOutput {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern HEADER =
            Pattern.compile("^\\s*#\\s+INSTANCE\\s+SERVICE\\s+SHIP\\s+CONTAINER\\s+STATUS\\s*$");
    private static final Pattern ROW =
            Pattern.compile("^\\s*(\\d+)\\.\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s+(.*?))?\\s*$");
    private static final Pattern CONTAINER = Pattern.compile("^(\\S+:(?:[0-9a-f]+|-)|-)(?:\\s+(.*))?$");
    private static final Pattern DURATION = Pattern.compile("^(.*?)\\s+for\\s+\\d\\S*$");
    private static final Pattern CREATING = Pattern.compile("^creating container from (\\S+?)\\.*$");
    private static final Pattern BYTES_REPR = Pattern.compile("^b(['\"])(.*)\\1$");
    private static final int MOST_MESSAGES = 5;

    /**
     * One instance as the last row of its index left it.
     *
     * @param image the image a container was created from in this table ({@code creating container
     *     from ...}), or empty
     * @param problems failures shown on the way, in order ({@code failed: failed pre-stop lifecycle checks})
     */
    public record Instance(
            String name,
            String service,
            String ship,
            String container,
            String status,
            String image,
            List<String> problems) {
        public Instance {
            problems = List.copyOf(problems);
        }

        public Instance(String name, String service, String ship, String container, String status) {
            this(name, service, ship, container, status, "", List.of());
        }
    }

    /** One table: one Maestro command's rows. */
    public static final class Table {
        private final Map<Integer, Instance> byIndex = new java.util.TreeMap<>();

        /** Each instance's final state, by instance name, in the order of their index (rows of several threads interleave). */
        public Map<String, Instance> instances() {
            Map<String, Instance> byName = new LinkedHashMap<>();
            byIndex.values().forEach(i -> byName.put(i.name(), i));
            return byName;
        }
    }

    private final List<Table> tables = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private String exception;
    private boolean inTraceback;
    private boolean inException;
    private boolean afterError;
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
        String image = previous == null ? "" : previous.image();
        Matcher creating = CREATING.matcher(status);
        if (creating.matches()) {
            image = creating.group(1);
        }
        List<String> problems = previous == null ? List.of() : previous.problems();
        if (MaestroAction.isFailure(status) && !problems.contains(status)) {
            problems = new ArrayList<>(problems);
            problems.add(status);
        }
        Instance now = new Instance(
                row.group(2),
                row.group(3),
                row.group(4),
                container.isEmpty() && previous != null ? previous.container() : container,
                status,
                image,
                problems);
        table.byIndex.put(index, now);
        if (!status.isEmpty() && (previous == null || !previous.status().equals(status))) {
            onChange.accept(now, tables.size() == 1);
        }
    }

    /** A line of standard error. */
    public synchronized void stderr(String raw) {
        String line = stripAnsi(raw);
        String text = line.strip();
        boolean followsError = afterError;
        afterError = false;
        if (text.startsWith("Traceback (most recent call last)")) {
            inTraceback = true;
            inException = false;
            return;
        }
        if (inException) {
            if (!text.isEmpty() && !text.startsWith("During handling of the above exception")) {
                exception = exception + " " + text; // a message of several lines (PyYAML's, for one)
                return;
            }
            inException = false;
        }
        if (inTraceback) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                return; // a frame, a quoted source line, a ^^^ marker
            }
            inTraceback = false;
            inException = true;
            exception = text; // of chained tracebacks, the last one's exception is the real reason
            return;
        }
        if (text.isEmpty()
                || text.startsWith("During handling of the above exception")
                || text.startsWith("The above exception was the direct cause")) {
            return;
        }
        if (text.startsWith("ERROR:")) {
            add(text.substring("ERROR:".length()).strip());
            afterError = true;
            return;
        }
        Matcher bytes = BYTES_REPR.matcher(text);
        if (bytes.matches()) {
            if (followsError && !bytes.group(2).isEmpty()) {
                add("the container's log: " + abbreviate(bytes.group(2), 500));
            }
            return; // after "failed to start!" Maestro prints the container's log as a Python bytes repr
        }
        add(text); // usage errors and plain messages, such as "No services or containers specified ..."
    }

    private static String abbreviate(String text, int most) {
        return text.length() <= most ? text : text.substring(0, most) + "...";
    }

    private void add(String message) {
        if (errors.size() < MOST_MESSAGES && !errors.contains(message)) {
            errors.add(message);
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

    /** Maestro's messages: {@code ERROR:} lines and plain ones, then the exception that ended a traceback. */
    public synchronized List<String> errors() {
        List<String> all = new ArrayList<>(errors);
        if (exception != null) {
            all.add(abbreviate(exception, 1000));
        }
        return List.copyOf(all);
    }
}
