package io.polybridge.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects what the application logs under one category, with each line's MDC as it was when it was logged. */
public final class LogCapture implements AutoCloseable {

    /** One log line: level, formatted message and MDC fields. */
    public record Line(Level level, String message, Map<String, String> mdc) {}

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                // Read on the logging thread: the MDC is that thread's until the record copies it.
                lines.add(new Line(ext.getLevel(), ext.getFormattedMessage(), Map.copyOf(ext.getMdcCopy())));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        logger.addHandler(handler);
    }

    public static LogCapture of(String category) {
        return new LogCapture(category);
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
