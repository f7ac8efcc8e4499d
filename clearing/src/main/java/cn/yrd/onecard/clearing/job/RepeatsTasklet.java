package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.RepeatedMessages;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Claims and payouts sent again and bills paid again (by their idempotency keys), once the cards are checked. */
@Component
class RepeatsTasklet implements Tasklet {
    private final RepeatedMessages repeats;

    RepeatsTasklet(RepeatedMessages repeats) {
        this.repeats = repeats;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        int suspended = repeats.suspend(JobParams.businessDate(chunk));
        chunk.getStepContext().getStepExecution().getExecutionContext().putInt("repeats", suspended);
        contribution.incrementWriteCount(suspended);
        return RepeatStatus.FINISHED;
    }
}
