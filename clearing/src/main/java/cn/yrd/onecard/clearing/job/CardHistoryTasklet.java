package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.CardHistoryChecks;
import cn.yrd.onecard.clearing.validation.NightRecords;
import java.time.LocalDate;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Duplicates, counter gaps and balance chains of one issuing city's cards, once every file is loaded. */
@Component
class CardHistoryTasklet implements Tasklet {
    private final CardHistoryChecks checks;
    private final NightRecords night;

    /** {@code night}: the night's records, read once in this JVM for all the city partitions of this run. */
    CardHistoryTasklet(CardHistoryChecks checks, NightRecords night) {
        this.checks = checks;
        this.night = night;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        LocalDate date = JobParams.businessDate(chunk);
        CardHistoryChecks.Suspended s = checks.run(date, CityPartitioner.city(chunk.getStepContext().getStepName()),
                night.of(chunk.getStepContext().getStepExecution(), date));
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putInt("duplicates", s.duplicates());
        context.putInt("counterGaps", s.counterGaps());
        context.putInt("balanceChains", s.balanceChains());
        contribution.incrementWriteCount(s.duplicates() + s.counterGaps() + s.balanceChains());
        return RepeatStatus.FINISHED;
    }
}
