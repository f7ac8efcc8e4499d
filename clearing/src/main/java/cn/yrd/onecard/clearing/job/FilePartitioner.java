package cn.yrd.onecard.clearing.job;

import cn.yrd.onecard.clearing.intake.DayFileRegistry;
import cn.yrd.onecard.clearing.intake.ReceivedFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The registered files of the night in partitions of about equal records, about {@link #PER_WORKER} a worker: files
 * load in parallel, each partition in one transaction. A big file is a partition of its own; small ones share, so a
 * night of a hundred small files pays for eight partitions' step executions, not a hundred. On a restart Spring Batch
 * reuses the partitions of the first run; those whose files are loaded finish at once.
 */
@Component
@StepScope
class FilePartitioner implements Partitioner {
    /** Partitions a worker takes in turn: enough that one slow file does not leave the other workers idle. */
    static final int PER_WORKER = 4;
    static final String FILE_IDS = "fileIds";

    private final DayFileRegistry registry;
    private final LocalDate date;

    FilePartitioner(DayFileRegistry registry, @Value("#{jobParameters['businessDate']}") String businessDate) {
        this.registry = registry;
        this.date = LocalDate.parse(businessDate);
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        for (List<ReceivedFile> group : groups(registry.findByNight(date), gridSize * PER_WORKER)) {
            ExecutionContext ctx = new ExecutionContext();
            ctx.putString(FILE_IDS, group.stream().map(f -> Long.toString(f.id())).collect(Collectors.joining(",")));
            partitions.put("files-" + (partitions.size() + 1), ctx);
        }
        return partitions;
    }

    /**
     * {@code files}, in their order, cut into runs of at most {@code total records / partitions} records each (a file
     * above that alone): about {@code partitions} groups, never an empty one.
     */
    static List<List<ReceivedFile>> groups(List<ReceivedFile> files, int partitions) {
        long total = files.stream().mapToLong(ReceivedFile::recordCount).reduce(0, Math::addExact);
        long cap = Math.max(1, total / Math.max(1, partitions));
        List<List<ReceivedFile>> groups = new ArrayList<>();
        List<ReceivedFile> group = new ArrayList<>();
        long records = 0;
        for (ReceivedFile f : files) {
            if (!group.isEmpty() && records + f.recordCount() > cap) {
                groups.add(group);
                group = new ArrayList<>();
                records = 0;
            }
            group.add(f);
            records += f.recordCount();
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }
}
