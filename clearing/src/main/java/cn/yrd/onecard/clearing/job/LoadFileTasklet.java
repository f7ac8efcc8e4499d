package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.intake.DayFileRegistry;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import cn.yrd.onecard.clearing.load.DayFileLoader;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** Loads the one file of its partition (the file ID is in the partition's execution context). */
@Component
class LoadFileTasklet implements Tasklet {
    private final DayFileRegistry registry;
    private final DayFileLoader loader;

    LoadFileTasklet(DayFileRegistry registry, DayFileLoader loader) {
        this.registry = registry;
        this.loader = loader;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        Path inbox = JobParams.path(chunk, "inbox");
        long fileId = fileId(chunk);
        ReceivedFile file = registry.findById(fileId)
                .orElseThrow(() -> new IllegalStateException("registered file " + fileId + " is gone"));
        // A late file of a closed day is cleared tonight under its own business date (the window, the records).
        DayFileLoader.Loaded l = loader.load(file, inbox.resolve(file.fileName()), file.businessDate());
        contribution.incrementWriteCount(l.accepted() + l.suspended());
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putLong("accepted", l.accepted());
        context.putLong("suspended", l.suspended());
        return RepeatStatus.FINISHED;
    }

    /**
     * The partition's file. A JVM killed between Spring Batch creating a partition's step execution and saving its
     * context leaves a partition without one, and the restart reuses it as it is; the partition's name
     * ({@code file-<id>}, FilePartitioner) says the same, so the night still completes.
     */
    private static long fileId(ChunkContext chunk) {
        Object id = chunk.getStepContext().getStepExecutionContext().get("fileId");
        if (id instanceof Number n) {
            return n.longValue();
        }
        String step = chunk.getStepContext().getStepName();
        return Long.parseLong(step.substring(step.lastIndexOf("file-") + "file-".length()));
    }
}
