package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.intake.DayFileRegistry;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import cn.yrd.onecard.clearing.load.DayFileLoader;
import cn.yrd.onecard.clearing.validation.DayPurseRecords;
import cn.yrd.onecard.clearing.validation.NightRecords;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * Loads the files of its partition (their IDs are in the partition's execution context), in the tasklet's one
 * transaction: a partition's files are loaded together or not at all.
 */
@Component
class LoadFileTasklet implements Tasklet {
    private final DayFileRegistry registry;
    private final DayFileLoader loader;
    private final NightRecords night;

    LoadFileTasklet(DayFileRegistry registry, DayFileLoader loader, NightRecords night) {
        this.registry = registry;
        this.loader = loader;
        this.night = night;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        Path inbox = JobParams.path(chunk, "inbox");
        long accepted = 0;
        long suspended = 0;
        DayPurseRecords day = night.of(chunk.getStepContext().getStepExecution(),
                JobParams.businessDate(chunk));
        for (ReceivedFile file : files(chunk)) {
            // A late file of a closed day is cleared tonight under its own business date (the window, the records).
            DayFileLoader.Loaded l = loader.load(file, inbox.resolve(file.fileName()), file.businessDate(), day);
            accepted += l.accepted();
            suspended += l.suspended();
        }
        contribution.incrementWriteCount(accepted + suspended);
        var context = chunk.getStepContext().getStepExecution().getExecutionContext();
        context.putLong("accepted", accepted);
        context.putLong("suspended", suspended);
        return RepeatStatus.FINISHED;
    }

    /**
     * The partition's files. A JVM killed between Spring Batch creating a partition's step execution and saving its
     * context leaves a partition without one, and the restart reuses it as it is: that partition then takes every file
     * of the night, in the partitioner's order, and loads those no other partition has (loading a file locks its row
     * and skips a loaded one), so the night still completes.
     */
    private List<ReceivedFile> files(ChunkContext chunk) {
        Object ids = chunk.getStepContext().getStepExecutionContext().get(FilePartitioner.FILE_IDS);
        if (ids instanceof String list) {
            return Arrays.stream(list.split(",")).map(Long::parseLong).map(id -> registry.findById(id)
                    .orElseThrow(() -> new IllegalStateException("registered file " + id + " is gone"))).toList();
        }
        return registry.findByNight(JobParams.businessDate(chunk));
    }
}
