package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.CardHistoryChecks;
import java.time.LocalDate;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Duplicates, counter gaps and balance chains of the day's cards, once every file is loaded. */
@Component
class CardHistoryTasklet implements Tasklet {
    private final CardHistoryChecks checks;

    CardHistoryTasklet(CardHistoryChecks checks) {
        this.checks = checks;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        LocalDate date = JobParams.businessDate(chunk);
        int[] suspended = checks.run(date);
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putInt("duplicates", suspended[0]);
        context.putInt("counterGaps", suspended[1]);
        context.putInt("balanceChains", suspended[2]);
        return RepeatStatus.FINISHED;
    }
}
