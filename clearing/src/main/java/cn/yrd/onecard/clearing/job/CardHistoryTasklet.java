package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.clearing.validation.CardHistoryChecks;
import cn.yrd.onecard.clearing.validation.DayPurseRecords;
import cn.yrd.onecard.clearing.validation.NightRecords;
import java.time.LocalDate;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Duplicates, counter gaps and balance chains of one partition's issuing cities' cards, once every file is loaded. */
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
        var step = chunk.getStepContext().getStepExecution();
        DayPurseRecords day = night.of(step, date);
        int duplicates = 0;
        int counterGaps = 0;
        int balanceChains = 0;
        for (City city : CityPartitioner.cities(chunk.getStepContext().getStepName())) {
            CardHistoryChecks.Suspended s = checks.run(date, city, day);
            duplicates += s.duplicates();
            counterGaps += s.counterGaps();
            balanceChains += s.balanceChains();
        }
        var context = step.getExecutionContext();
        context.putInt("duplicates", duplicates);
        context.putInt("counterGaps", counterGaps);
        context.putInt("balanceChains", balanceChains);
        contribution.incrementWriteCount(duplicates + counterGaps + balanceChains);
        return RepeatStatus.FINISHED;
    }
}
