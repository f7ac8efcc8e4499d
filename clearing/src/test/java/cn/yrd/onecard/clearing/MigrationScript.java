package cn.yrd.onecard.clearing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A migration's statements, its comments left out: to run it again, as a rerun after a kill mid-migration would. */
final class MigrationScript {
    private MigrationScript() {
    }

    static List<String> statements(String name) throws IOException {
        try (InputStream in = MigrationScript.class.getResourceAsStream("/db/migration/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return List.of(text.split(";")).stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
        }
    }
}
