package io.jenkins.plugins.dockerdelivery.docker.session;

import io.jenkins.plugins.dockerdelivery.docker.session.wire.fsutil.Stat;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A walk of a {@link SyncSource} that runs on a thread of its own, at most {@link #AHEAD} entries ahead
 * of the thread that sends them. Walking (a directory listing and an {@code lstat} per entry) and
 * sending (framing one gRPC message per entry) each take about half the time of a context of small
 * files; run one after the other they add up, side by side the longer one sets the pace. The bound
 * keeps memory flat whatever the context's size.
 */
final class WalkAhead implements AutoCloseable {
    static final int AHEAD = 4096;

    private static final Object END = new Object();

    private record Failure(IOException error) {}

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread walker;
    private boolean ended;

    private WalkAhead(SyncSource source, SyncFilter filter, String name) {
        walker = new Thread(() -> walk(source, filter), "docker-delivery walk of the " + name);
        walker.setDaemon(true);
    }

    /** Starts walking {@code source} with {@code filter}; {@code name} names the walking thread. */
    static WalkAhead start(SyncSource source, SyncFilter filter, String name) {
        WalkAhead walk = new WalkAhead(source, filter, name);
        walk.walker.start();
        return walk;
    }

    private void walk(SyncSource source, SyncFilter filter) {
        try {
            try {
                source.walk(filter, this::put);
                queue.put(END);
            } catch (IOException e) {
                queue.put(new Failure(e));
            } catch (RuntimeException | Error e) {
                // said to the sender, whose error handling tells the daemon and the user
                queue.put(new Failure(new IOException(e.getMessage(), e)));
            }
        } catch (InterruptedException closed) {
            // the sender stopped taking: nothing more to walk for
        }
    }

    private void put(Stat stat) throws IOException {
        try {
            queue.put(stat);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("the walk was stopped");
        }
    }

    /**
     * What {@link #poll} found: an entry, the end of the walk, or nothing yet. What stopped a walk (an
     * unreadable directory, say) is thrown by the poll that reaches it, after every entry walked before.
     */
    record Next(Kind kind, Stat stat) {
        enum Kind {
            ENTRY,
            END,
            NOT_YET
        }

        static final Next END = new Next(Kind.END, null);
        static final Next NOT_YET = new Next(Kind.NOT_YET, null);
    }

    /** The next entry if the walk has one ready, without waiting. */
    Next poll() throws IOException {
        return ended ? Next.END : next(queue.poll());
    }

    /** The next entry, waiting at most {@code millis} for the walk to produce one. */
    Next poll(long millis) throws IOException, InterruptedException {
        return ended ? Next.END : next(queue.poll(millis, TimeUnit.MILLISECONDS));
    }

    private Next next(Object item) throws IOException {
        if (item == null) {
            return Next.NOT_YET;
        }
        if (item instanceof Stat stat) {
            return new Next(Next.Kind.ENTRY, stat);
        }
        ended = true;
        if (item instanceof Failure failure) {
            throw failure.error();
        }
        return Next.END;
    }

    /** Stops the walk if it has not ended, and waits for its thread. */
    @Override
    public void close() {
        walker.interrupt();
        queue.clear(); // a walker blocked on a full queue gets room to see the interrupt
        try {
            walker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
