package cn.yrd.onecard.clearing.validation;

import java.time.LocalDate;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The night's purse records in this JVM: one {@link DayPurseRecords} per job execution, the latest only (a new
 * execution, a restart included, starts afresh). Not job-scoped: a remote worker runs the load and card-history
 * partitions without the job running in its JVM, so the execution is named by the step that asks, by its number and
 * when it was created (a worker outlives a database restored or recreated under it, whose numbers start again).
 */
@Component
public class NightRecords {
    private final JdbcTemplate jdbc;
    private String jobExecution = "";
    private DayPurseRecords records;

    public NightRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The records of the job execution {@code step} belongs to, clearing business date {@code date}. */
    public synchronized DayPurseRecords of(StepExecution step, LocalDate date) {
        String execution = step.getJobExecutionId() + "@" + step.getJobExecution().getCreateTime();
        if (!execution.equals(jobExecution)) {
            records = new DayPurseRecords(jdbc, date);
            jobExecution = execution;
        }
        return records;
    }
}
