package cn.yrd.onecard.clearing.job;

import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.batch.core.scope.context.ChunkContext;

/** The job's parameters as its steps read them: {@code businessDate}, {@code inbox}, {@code outbox}. */
final class JobParams {
    private JobParams() {
    }

    static LocalDate businessDate(ChunkContext chunk) {
        return LocalDate.parse((String) chunk.getStepContext().getJobParameters().get("businessDate"));
    }

    static Path path(ChunkContext chunk, String name) {
        return Path.of((String) chunk.getStepContext().getJobParameters().get(name));
    }
}
