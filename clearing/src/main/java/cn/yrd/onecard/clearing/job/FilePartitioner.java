package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.intake.DayFileRegistry;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.stereotype.Component;

/**
 * One partition per registered file of the business date: files load in parallel, each in its own
 * transaction. On a restart Spring Batch reuses the partitions of the first run; those whose file is
 * loaded finish at once.
 */
@Component
@StepScope
class FilePartitioner implements Partitioner {
    private final DayFileRegistry registry;
    private final LocalDate date;

    FilePartitioner(DayFileRegistry registry, @Value("#{jobParameters['businessDate']}") String businessDate) {
        this.registry = registry;
        this.date = LocalDate.parse(businessDate);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (ReceivedFile f : registry.findByNight(date)) {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putLong("fileId", f.id());
            partitions.put("file-" + f.id(), ctx);
        }
        return partitions;
    }
}
