package io.jenkins.plugins.dockerdelivery.docker.session;

import java.util.Locale;

/**
 * What one DiffCopy sent: entries walked (one STAT each), files whose content the daemon asked for,
 * and the bytes of that content.
 */
public record SyncStats(String source, long entriesWalked, long filesSent, long bytesSent) {

    /** One log line, e.g. {@code context: 180 entries walked, 1 file sent (5.24 MB, 5242880 bytes)}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s: %d %s walked, %d %s sent (%s, %d bytes)",
                source,
                entriesWalked,
                entriesWalked == 1 ? "entry" : "entries",
                filesSent,
                filesSent == 1 ? "file" : "files",
                size(bytesSent),
                bytesSent);
    }

    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"kB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
