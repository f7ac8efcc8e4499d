package cn.yrd.onecard.clearing.job;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job {@code dailyClearing}: take in the day's files, load them in parallel (partitions of about equal
 * records, a big file alone and small ones together, on all cores), check each card's history across files and days (one partition per issuing city, on all
 * cores), then, as the records are read once for the outgoing files, check the control totals, total the day,
 * and write each city's files. Parameters: {@code businessDate} (identifying: one
 * clearing per day), {@code inbox} and {@code outbox}.
 */
@Configuration
public class ClearingJobConfiguration {
    public static final String JOB = "dailyClearing";
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Bean
    Job dailyClearing(JobRepository jobs, Step intakeStep, Step loadStep, Step repeatsStep, Step cardHistoryStep,
            Step outgoingFilesStep) {
        return new JobBuilder(JOB, jobs).start(intakeStep).next(loadStep).next(cardHistoryStep).next(repeatsStep)
                .next(outgoingFilesStep).build();
    }

    @Bean
    Step repeatsStep(JobRepository jobs, PlatformTransactionManager tx, RepeatsTasklet tasklet) {
        return new StepBuilder("repeats", jobs).tasklet(tasklet, tx).build();
    }

    @Bean
    Step intakeStep(JobRepository jobs, PlatformTransactionManager tx, IntakeTasklet tasklet) {
        return new StepBuilder("intake", jobs).tasklet(tasklet, tx).build();
    }

    /** The load partitions on this JVM's cores; with a broker, {@link RemotePartitions} sends them to workers. */
    @Bean
    @Profile("!" + RemotePartitions.MANAGER)
    Step loadStep(JobRepository jobs, Step loadFileStep, FilePartitioner partitioner,
            SimpleAsyncTaskExecutor loadWorkers) {
        return new StepBuilder("load", jobs).partitioner("loadFile", partitioner).step(loadFileStep)
                .taskExecutor(loadWorkers).gridSize(CORES).build();
    }

    @Bean
    SimpleAsyncTaskExecutor loadWorkers() {
        return onAllCores("clearing-load-");
    }

    @Bean
    Step loadFileStep(JobRepository jobs, PlatformTransactionManager tx, LoadFileTasklet tasklet) {
        return new StepBuilder("loadFile", jobs).tasklet(tasklet, tx).build();
    }

    @Bean
    @Profile("!" + RemotePartitions.MANAGER)
    Step cardHistoryStep(JobRepository jobs, Step cardHistoryOfCityStep, CityPartitioner partitioner,
            SimpleAsyncTaskExecutor historyWorkers, CardNightsWritten written) {
        return new StepBuilder("cardHistory", jobs).partitioner("cardHistoryOf", partitioner)
                .step(cardHistoryOfCityStep).taskExecutor(historyWorkers).gridSize(CORES).listener(written).build();
    }

    @Bean
    SimpleAsyncTaskExecutor historyWorkers() {
        return onAllCores("clearing-history-");
    }

    @Bean
    Step cardHistoryOfCityStep(JobRepository jobs, PlatformTransactionManager tx, CardHistoryTasklet tasklet) {
        return new StepBuilder("cardHistoryOf", jobs).tasklet(tasklet, tx).build();
    }

    @Bean
    Step outgoingFilesStep(JobRepository jobs, PlatformTransactionManager tx, OutgoingFilesTasklet tasklet) {
        return new StepBuilder("outgoingFiles", jobs).tasklet(tasklet, tx).build();
    }

    private static final java.time.Duration WORKERS_END_WITHIN = java.time.Duration.ofMinutes(1);

    /**
     * A partitioned step's workers: as many at once as the machine has cores. Closed with the service, it waits for
     * workers still running: a step whose first worker failed (its database cut) returns while the others run on, and
     * they must not outlive the command. Left running, they kept their job's scope registered, and the next job of the
     * same execution id in the JVM (a test's next schema) was handed its beans, their connection pool closed (CI's
     * clearing tests after the outage test, now and then).
     */
    private static SimpleAsyncTaskExecutor onAllCores(String name) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(name);
        threads.setConcurrencyLimit(CORES);
        threads.setTaskTerminationTimeout(WORKERS_END_WITHIN.toMillis());
        return threads;
    }
}
