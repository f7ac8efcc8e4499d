package cn.yrd.onecard.clearing.validation;

import java.time.LocalDate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The night's purse records in this JVM: one {@link DayPurseRecords} per job execution, the latest only (a new
 * execution, a restart included, starts afresh). Not job-scoped: a remote worker runs the load and card-history
 * partitions without the job running in its JVM, so the execution is named by the step that asks.
 */
@Component
public class NightRecords {
    private final JdbcTemplate jdbc;
    private long jobExecution = -1;
    private DayPurseRecords records;

    public NightRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The records of job execution {@code jobExecutionId}, clearing business date {@code date}. */
    public synchronized DayPurseRecords of(long jobExecutionId, LocalDate date) {
        if (jobExecutionId != jobExecution) {
            records = new DayPurseRecords(jdbc, date);
            jobExecution = jobExecutionId;
        }
        return records;
    }
}
