package org.jwtverifier.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The records one java.util.logging logger publishes during each test, for tests that check what the code logs:
 * {@code @RegisterExtension final CapturedLog log = CapturedLog.of("org.jwtverifier.decision", Level.FINE);}.
 * The logger's level is set before each test and restored after it, and the records are cleared.
 */
public final class CapturedLog extends Handler implements BeforeEachCallback, AfterEachCallback {
    /** Held strongly: JUL keeps loggers weakly, and a collected logger would lose this handler and the level. */
    private final Logger logger;
    private final Level level;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private Level levelBefore;

    private CapturedLog(String loggerName, Level level) {
        this.logger = Logger.getLogger(loggerName);
        this.level = level;
    }

    /** @param level the level the logger is set to during each test; null leaves it as it is */
    public static CapturedLog of(String loggerName, Level level) {
        return new CapturedLog(loggerName, level);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }

    /** @return the records so far, in the order they were published */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the messages so far with their parameters filled in, as a formatter writes them */
    public List<String> messages() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream().map(formatter::formatMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
