package cn.yrd.onecard.clearing.job;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job {@code dailyClearing}: take in the day's files, load and validate their records, total
 * the day and check the control totals. Parameters: {@code businessDate} (identifying: one clearing per
 * day) and {@code inbox}.
 */
@Configuration
public class ClearingJobConfiguration {
    public static final String JOB = "dailyClearing";

    @Bean
    Job dailyClearing(JobRepository jobs, Step intakeStep, Step loadStep, Step totalsStep) {
        return new JobBuilder(JOB, jobs).start(intakeStep).next(loadStep).next(totalsStep).build();
    }

    @Bean
    Step intakeStep(JobRepository jobs, PlatformTransactionManager tx, IntakeTasklet tasklet) {
        return new StepBuilder("intake", jobs).tasklet(tasklet, tx).build();
    }

    @Bean
    Step loadStep(JobRepository jobs, PlatformTransactionManager tx, LoadTasklet tasklet) {
        return new StepBuilder("load", jobs).tasklet(tasklet, tx).build();
    }

    @Bean
    Step totalsStep(JobRepository jobs, PlatformTransactionManager tx, TotalsTasklet tasklet) {
        return new StepBuilder("totals", jobs).tasklet(tasklet, tx).build();
    }
}
