package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.validation.CardHistoryChecks;
import java.time.LocalDate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Marks the night's card rows complete once the card-history step has completed, on this JVM or on the workers: later
 * nights then find its cards' records through them, not by reading its files (V13).
 */
@Component
class CardNightsWritten implements StepExecutionListener {
    private final CardHistoryChecks checks;

    CardNightsWritten(CardHistoryChecks checks) {
        this.checks = checks;
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (step.getStatus() == BatchStatus.COMPLETED) {
            checks.completed(LocalDate.parse(step.getJobParameters().getString("businessDate")));
        }
        return null;
    }
}
