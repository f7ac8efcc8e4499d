package cn.yrd.onecard.settlement.netting;

import cn.yrd.onecard.dayfile.ControlledFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The day's settlement instructions as the centre sends them to the bank (docs/settlement.md): one {@code I} line
 * per transfer: the cities' positions, then the refunds to holders' accounts, then the merchants' payouts, each kind
 * in the order of its references; a trailer with their count and sum. Written under a temporary name and renamed; the
 * same day always gives the same bytes, whether from the settling run or from a later run that finds the day closed
 * and reads its instructions back (the failover drill caught the two in different orders).
 */
public final class InstructionFile {
    /** The file's order: positions, refunds, payouts; within each, by reference. */
    private static final Comparator<SettlementInstruction> ORDER = Comparator
            .comparingInt((SettlementInstruction i) -> switch (i.direction()) {
                case PAY_IN, PAY_OUT -> 0;
                case REFUND -> 1;
                case MERCHANT -> 2;
            }).thenComparing(SettlementInstruction::reference, Comparator.naturalOrder());

    private InstructionFile() {
    }

    public static Path write(Path dir, LocalDate date, List<SettlementInstruction> instructions) throws IOException {
        Path target = Files.createDirectories(dir).resolve("settlement-instructions.txt");
        ControlledFrame.Writer out = new ControlledFrame.Writer(target, ControlledFrame.Trailer.COUNT_AMOUNT,
                "H|SETTLEMENT_INSTRUCTIONS|1|" + date.toString().replace("-", ""));
        try {
            for (SettlementInstruction i : instructions.stream().sorted(ORDER).toList()) {
                out.line(String.join("|", "I", i.reference(), i.from(), i.to(), Long.toString(i.amount())),
                        i.amount());
            }
            out.close();
        } finally {
            out.abandon();
        }
        return target;
    }
}
