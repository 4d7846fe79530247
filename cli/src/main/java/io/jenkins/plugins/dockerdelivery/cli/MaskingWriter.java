package io.jenkins.plugins.dockerdelivery.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * The one place the CLI's output leaves the process: text is held until a line ends (or the writer
 * is flushed), then written with every secret of the run masked. Masking whole lines, not single
 * writes, catches a secret printed in pieces.
 */
final class MaskingWriter extends Writer {
    private final Writer target;
    private final RunSecrets secrets;
    private final StringBuilder pending = new StringBuilder();

    MaskingWriter(Writer target, RunSecrets secrets) {
        this.target = target;
        this.secrets = secrets;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            pending.append(chars[i]);
            if (chars[i] == '\n') {
                emit();
            }
        }
    }

    private void emit() throws IOException {
        if (pending.length() > 0) {
            target.write(secrets.mask(pending.toString()));
            pending.setLength(0);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        target.close();
    }
}
