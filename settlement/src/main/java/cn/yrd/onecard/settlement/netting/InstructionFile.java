package cn.yrd.onecard.settlement.netting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;

/**
 * The day's settlement instructions as the centre sends them to the bank (docs/settlement.md): one {@code I} line
 * per transfer, a trailer with their count and sum. Written under a temporary name and renamed; the same day
 * always gives the same bytes.
 */
public final class InstructionFile {
    private InstructionFile() {
    }

    public static Path write(Path dir, LocalDate date, List<SettlementInstruction> instructions) throws IOException {
        StringBuilder text = new StringBuilder("H|SETTLEMENT_INSTRUCTIONS|1|" + date.toString().replace("-", "") + "\n");
        long sum = 0;
        for (SettlementInstruction i : instructions) {
            boolean in = i.direction() == SettlementInstruction.Direction.PAY_IN;
            text.append(String.join("|", "I", i.reference(), in ? i.city() : "CENTRE", in ? "CENTRE" : i.city(),
                    Long.toString(i.amount()))).append('\n');
            sum = Math.addExact(sum, i.amount());
        }
        text.append("T|").append(instructions.size()).append('|').append(sum).append('\n');
        Path target = Files.createDirectories(dir).resolve("settlement-instructions.txt");
        Path tmp = dir.resolve(".settlement-instructions.txt.part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
