package org.jwtverifier.config;

import java.util.Locale;

/**
 * The decision log: one line per decision on the {@code org.jwtverifier.decision} logger at FINE, never the token
 * (a token is named by the first 16 hex digits of its SHA-256).
 *
 * @param format   how each line is written
 * @param admitted whether admitted requests are logged too; rejected and unavailable ones always are
 */
public record DecisionLogConfig(Format format, boolean admitted) {
    /** {@code decisionLog.format}. */
    public static final Format DEFAULT_FORMAT = Format.TEXT;
    /** {@code decisionLog.admitted}: a line for every request is a lot of lines; refusals are what an operator reads. */
    public static final boolean DEFAULT_ADMITTED = false;
    /** The decision log when the file has no {@code decisionLog} section. */
    public static final DecisionLogConfig DEFAULTS = new DecisionLogConfig(DEFAULT_FORMAT, DEFAULT_ADMITTED);

    public DecisionLogConfig {
        Problems.requireNonNull("format", format);
    }

    /** How a decision line is written. */
    public enum Format {
        /** {@code key=value} pairs after the time and outcome, for people reading a file. */
        TEXT,
        /** One JSON object per line, for log shippers and search engines. */
        JSON;

        /** @return the name as written in the file */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
