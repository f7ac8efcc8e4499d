package cn.yrd.onecard.demo.day;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        List<String> lines = Files.readAllLines(instructions, StandardCharsets.UTF_8);
        String date = lines.get(0).substring(lines.get(0).lastIndexOf('|') + 1);
        String executed = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        List<String> out = new ArrayList<>();
        out.add("H|BANK_CONFIRMATION|1|" + date);
        long sum = 0;
        int n = 0;
        int seen = 0;
        for (String line : lines) {
            if (line.startsWith("I|")) {
                String[] f = line.split("\\|");
                seen++;
                if (faulty && seen == 1) {
                    continue;
                }
                long amount = Long.parseLong(f[4]) - (faulty && seen == 2 ? 1 : 0);
                out.add(String.join("|", "C", f[1], f[2], f[3], Long.toString(amount), executed,
                        "BANK" + String.format("%06d", ++n)));
                sum += amount;
            }
        }
        out.add("T|" + n + "|" + sum);
        Path file = Files.createDirectories(dir).resolve("confirmation-" + date + ".txt");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }
}
