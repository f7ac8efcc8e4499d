package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.intake.DayFileRegistry;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import cn.yrd.onecard.clearing.load.DayFileLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Loads the registered files of the date that are not loaded yet, each in its own transaction. */
@Component
class LoadTasklet implements Tasklet {
    private final DayFileRegistry registry;
    private final DayFileLoader loader;

    LoadTasklet(DayFileRegistry registry, DayFileLoader loader) {
        this.registry = registry;
        this.loader = loader;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        var params = chunk.getStepContext().getJobParameters();
        LocalDate date = LocalDate.parse((String) params.get("businessDate"));
        Path inbox = Path.of((String) params.get("inbox"));
        long accepted = 0;
        long suspended = 0;
        for (ReceivedFile f : registry.findByBusinessDate(date)) {
            DayFileLoader.Loaded l = loader.load(f, inbox.resolve(f.fileName()), date);
            accepted += l.accepted();
            suspended += l.suspended();
        }
        contribution.incrementWriteCount(accepted + suspended);
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putLong("accepted", accepted);
        context.putLong("suspended", suspended);
        return RepeatStatus.FINISHED;
    }
}
