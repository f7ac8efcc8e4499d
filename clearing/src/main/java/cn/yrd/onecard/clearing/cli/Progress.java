package cn.yrd.onecard.clearing.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The night's progress while the job runs: the step under way and the records of the day's files loaded so far,
 * with their rate. Reads two cheap figures every second (the files' record counts, the running step): it never
 * slows the job it watches. Redrawn in place on a terminal, a line every ten seconds otherwise.
 */
final class Progress implements AutoCloseable {
    private final Thread thread;
    private final boolean terminal;
    private final PrintStream out;
    private volatile boolean done;

    Progress(JdbcTemplate jdbc, LocalDate day, PrintStream out) {
        this.terminal = System.console() != null;
        this.out = out;
        long start = System.nanoTime();
        thread = new Thread(() -> {
            long lastLine = 0;
            while (!done) {
                try {
                    Thread.sleep(1000);
                    Map<String, Object> files = jdbc.queryForMap("SELECT COALESCE(SUM(record_count), 0) total, "
                            + "COALESCE(SUM(CASE WHEN loaded_at IS NOT NULL THEN record_count END), 0) loaded "
                            + "FROM day_file WHERE night = ?", day);
                    List<String> steps = jdbc.queryForList("SELECT s.STEP_NAME FROM BATCH_STEP_EXECUTION s "
                            + "WHERE s.STATUS = 'STARTED' ORDER BY s.STEP_EXECUTION_ID DESC LIMIT 1", String.class);
                    long total = ((Number) files.get("total")).longValue();
                    long loaded = ((Number) files.get("loaded")).longValue();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int width = 30;
                    int filled = total == 0 ? 0 : (int) (loaded * width / total);
                    String line = String.format("  [%s%s] %s: %,d / %,d records loaded, %,.0f records/s",
                            "#".repeat(filled), " ".repeat(width - filled), steps.isEmpty() ? "starting" : steps.get(0),
                            loaded, total, loaded / seconds);
                    if (terminal) {
                        out.print("\r" + line);
                    } else if (seconds - lastLine >= 10) {
                        out.println(line);
                        lastLine = (long) seconds;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The database may be away (the job will say so); the bar just skips a beat.
                }
            }
        }, "clearing-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        done = true;
        thread.interrupt();
        thread.join(2000);
        if (terminal) {
            out.println();
        }
    }
}
