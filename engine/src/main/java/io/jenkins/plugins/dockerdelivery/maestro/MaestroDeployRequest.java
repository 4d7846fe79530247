package io.jenkins.plugins.dockerdelivery.maestro;

import io.jenkins.plugins.dockerdelivery.InvalidInputException;
import io.jenkins.plugins.dockerdelivery.ssh.HostKeyPolicy;
import io.jenkins.plugins.dockerdelivery.ssh.SshAuth;
import io.jenkins.plugins.dockerdelivery.ssh.SshTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A Maestro-NG deploy over SSH, immutable; made with {@link #builder}. */
public final class MaestroDeployRequest {
    /** What a deploy does on the Maestro host, in order. */
    public enum Action {
        PULL,
        RESTART
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Maestro names: a leading '-' would make a name an option ({@code restart -a}), so none starts with one. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]*");
    /**
     * Variables that would change which programs run or how the remote shell reads the command, rather
     * than what maestro.yaml renders: refused. COLUMNS is the deploy's own (it keeps names whole).
     */
    private static final Pattern UNSAFE_ENV =
            Pattern.compile("PATH|IFS|ENV|BASH_ENV|SHELLOPTS|BASHOPTS|CDPATH|COLUMNS|LD_.*|PYTHON.*|BASH_FUNC_.*");

    /** Upper bounds that keep every number meaningful (and every computed time within range). */
    static final Duration LONGEST_TIMEOUT = Duration.ofDays(7);

    static final Duration LONGEST_DELAY = Duration.ofDays(1);
    static final int MOST_CONCURRENCY = 1000;

    private final SshTarget target;
    private final SshAuth auth;
    private final HostKeyPolicy hostKeys;
    private final String directory;
    private final String file;
    private final List<String> services;
    private final List<String> instances;
    private final List<Action> actions;
    private final int concurrency;
    private final Duration stepDelay;
    private final Duration stopStartDelay;
    private final boolean onlyIfChanged;
    private final boolean refreshImages;
    private final Map<String, String> environment;
    private final String maestro;
    private final Duration timeout;
    private final boolean validateFirst;
    private final Duration settle;

    private MaestroDeployRequest(Spec s) {
        this.target = Objects.requireNonNull(s.target, "target");
        this.auth = Objects.requireNonNull(s.auth, "auth");
        this.hostKeys = Objects.requireNonNull(s.hostKeys, "host key policy");
        if (s.directory == null || s.directory.isBlank()) {
            throw new InvalidInputException("Name the directory on the Maestro host that holds maestro.yaml");
        }
        if (s.actions.isEmpty()) {
            throw new InvalidInputException("A deploy needs at least one action: pull, restart");
        }
        if (s.concurrency < 1 || s.concurrency > MOST_CONCURRENCY) {
            throw new InvalidInputException("Restart concurrency must be between 1 and " + MOST_CONCURRENCY
                    + " (1 restarts one instance at a time), not " + s.concurrency);
        }
        if (s.timeout == null
                || s.timeout.isNegative()
                || s.timeout.compareTo(Duration.ofSeconds(1)) < 0
                || s.timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new InvalidInputException("The deploy timeout must be between 1 second and "
                    + LONGEST_TIMEOUT.toDays() + " days (" + LONGEST_TIMEOUT.toSeconds() + " s), not "
                    + (s.timeout == null ? "unset" : s.timeout.toSeconds() + " s"));
        }
        delay("step delay", s.stepDelay);
        delay("stop-start delay", s.stopStartDelay);
        delay("settle time", s.settle);
        for (String name : s.environment.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new InvalidInputException("'" + name + "' is not a valid environment variable name");
            }
            if (UNSAFE_ENV.matcher(name.toUpperCase(java.util.Locale.ROOT)).matches()) {
                throw new InvalidInputException("The environment variable " + name + " cannot be set for the remote"
                        + " command: it changes which programs run or how the shell reads the command, not what"
                        + " maestro.yaml renders. Give the maestro executable's full path with the maestro option"
                        + " instead of PATH.");
            }
        }
        for (String name : concat(s.services, s.instances)) {
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException("'" + name + "' is not a Maestro service or instance name"
                        + (name.startsWith("-") ? " (names cannot start with '-')" : "")
                        + ": letters, digits, '.', '_' and '-'");
            }
        }
        this.directory = s.directory;
        this.file = s.file;
        this.services = List.copyOf(s.services);
        this.instances = List.copyOf(s.instances);
        this.actions = List.copyOf(s.actions);
        this.concurrency = s.concurrency;
        this.stepDelay = s.stepDelay;
        this.stopStartDelay = s.stopStartDelay;
        this.onlyIfChanged = s.onlyIfChanged;
        this.refreshImages = s.refreshImages;
        this.environment =
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.environment)); // in the order given
        this.maestro = s.maestro;
        this.timeout = s.timeout;
        this.validateFirst = s.validateFirst;
        this.settle = s.settle;
    }

    private static void delay(String what, Duration delay) {
        if (delay == null || delay.isNegative() || delay.compareTo(LONGEST_DELAY) > 0) {
            throw new InvalidInputException("The " + what + " must be between 0 and " + LONGEST_DELAY.toSeconds()
                    + " seconds, not " + (delay == null ? "unset" : delay.toSeconds() + " s"));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public static Spec builder(SshTarget target, SshAuth auth, HostKeyPolicy hostKeys) {
        return new Spec(target, auth, hostKeys);
    }

    public SshTarget target() {
        return target;
    }

    public SshAuth auth() {
        return auth;
    }

    public HostKeyPolicy hostKeys() {
        return hostKeys;
    }

    public String directory() {
        return directory;
    }

    /** The environment file, or null for Maestro's default ({@code maestro.yaml}). */
    public String file() {
        return file;
    }

    public List<String> services() {
        return services;
    }

    public List<String> instances() {
        return instances;
    }

    public List<Action> actions() {
        return actions;
    }

    public int concurrency() {
        return concurrency;
    }

    public Duration stepDelay() {
        return stepDelay;
    }

    public Duration stopStartDelay() {
        return stopStartDelay;
    }

    public boolean onlyIfChanged() {
        return onlyIfChanged;
    }

    public boolean refreshImages() {
        return refreshImages;
    }

    /**
     * Exported for maestro.yaml's Jinja templates ({@code env.IMAGE_TAG}). Not for secrets: they are on
     * the command line. Never PATH, IFS, LD_*, PYTHON* and the like (refused).
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** The maestro executable on the host (default {@code maestro} from PATH). */
    public String maestro() {
        return maestro;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether to read the environment file over SSH and validate it (with the environment) before deploying. */
    public boolean validateFirst() {
        return validateFirst;
    }

    /**
     * How long after the restart {@code maestro status} must still find every instance running (zero:
     * no settle check). The guard for services without a running check, which Maestro calls started
     * even when they exit a moment later.
     */
    public Duration settle() {
        return settle;
    }

    /** The file maestro reads, as named on the host. */
    public String fileOnHost() {
        return file == null ? "maestro.yaml" : file;
    }

    /** The fluent builder. */
    public static final class Spec {
        private final SshTarget target;
        private final SshAuth auth;
        private final HostKeyPolicy hostKeys;
        private String directory;
        private String file;
        private final List<String> services = new ArrayList<>();
        private final List<String> instances = new ArrayList<>();
        private final List<Action> actions = new ArrayList<>(List.of(Action.PULL, Action.RESTART));
        private int concurrency = 1;
        private Duration stepDelay = Duration.ZERO;
        private Duration stopStartDelay = Duration.ZERO;
        private boolean onlyIfChanged = true;
        private boolean refreshImages;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String maestro = "maestro";
        private Duration timeout = Duration.ofMinutes(30);
        private boolean validateFirst;
        private Duration settle = Duration.ZERO;

        private Spec(SshTarget target, SshAuth auth, HostKeyPolicy hostKeys) {
            this.target = target;
            this.auth = auth;
            this.hostKeys = hostKeys;
        }

        public Spec withDirectory(String directory) {
            this.directory = directory;
            return this;
        }

        public Spec withFile(String file) {
            this.file = file == null || file.isBlank() ? null : file;
            return this;
        }

        public Spec withService(String service) {
            services.add(service);
            return this;
        }

        public Spec withInstance(String instance) {
            instances.add(instance);
            return this;
        }

        public Spec withActions(List<Action> actions) {
            this.actions.clear();
            this.actions.addAll(actions);
            return this;
        }

        public Spec withConcurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Spec withStepDelay(Duration delay) {
            this.stepDelay = delay;
            return this;
        }

        public Spec withStopStartDelay(Duration delay) {
            this.stopStartDelay = delay;
            return this;
        }

        public Spec withOnlyIfChanged(boolean onlyIfChanged) {
            this.onlyIfChanged = onlyIfChanged;
            return this;
        }

        public Spec withRefreshImages(boolean refresh) {
            this.refreshImages = refresh;
            return this;
        }

        public Spec withEnvironment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Spec withEnvironment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Spec withMaestro(String executable) {
            this.maestro = executable;
            return this;
        }

        public Spec withTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Read maestro.yaml over SSH and validate it before anything is pulled or restarted. */
        public Spec withValidateFirst(boolean validate) {
            this.validateFirst = validate;
            return this;
        }

        /** After the restart, wait this long and check with {@code maestro status} that every instance still runs. */
        public Spec withSettle(Duration settle) {
            this.settle = settle;
            return this;
        }

        public MaestroDeployRequest build() {
            return new MaestroDeployRequest(this);
        }
    }
}
