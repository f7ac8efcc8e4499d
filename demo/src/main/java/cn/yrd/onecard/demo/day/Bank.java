package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.dayfile.ControlledFrame;
import cn.yrd.onecard.dayfile.DayFileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The settlement bank of the demo: executes the instructions it is sent and confirms them (docs/settlement.md); a
 * faulty bank leaves the first undone and executes the second a fen short.
 */
final class Bank {
    private Bank() {
    }

    static Path confirm(Path instructions, Path dir, boolean faulty) throws IOException {
        List<String[]> transfers = new ArrayList<>();
        String[] date = new String[1];
        try {
            ControlledFrame.read(instructions, ControlledFrame.Trailer.COUNT_AMOUNT, new ControlledFrame.Format() {
                @Override
                public void header(ControlledFrame.Line line) {
                    date[0] = line.text().substring(line.text().lastIndexOf('|') + 1);
                }

                @Override
                public long body(ControlledFrame.Line line) {
                    String[] f = line.fields();
                    transfers.add(f);
                    return Long.parseLong(f[4]);
                }
            });
        } catch (DayFileFormatException e) {
            throw new IOException("the bank refuses the instructions: " + e.getMessage(), e);
        }
        String executed = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Path file = Files.createDirectories(dir).resolve("confirmation-" + date[0] + ".txt");
        ControlledFrame.Writer out = new ControlledFrame.Writer(file, ControlledFrame.Trailer.COUNT_AMOUNT,
                "H|BANK_CONFIRMATION|1|" + date[0]);
        try {
            int n = 0;
            for (int seen = 1; seen <= transfers.size(); seen++) {
                if (faulty && seen == 1) {
                    continue;
                }
                String[] f = transfers.get(seen - 1);
                long amount = Long.parseLong(f[4]) - (faulty && seen == 2 ? 1 : 0);
                out.line(String.join("|", "C", f[1], f[2], f[3], Long.toString(amount), executed,
                        "BANK" + String.format("%06d", ++n)), amount);
            }
            out.close();
        } finally {
            out.abandon();
        }
        return file;
    }
}
