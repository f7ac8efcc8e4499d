package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.registry.TerminalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The register of terminals clearing checks each transit record's terminal against: the file the night names
 * ({@link NightInputs}, docs/formats.md), read whole once per run. None named, no terminal is checked (the command
 * says so).
 */
@Component
public class TerminalRegistrySource {
    private final NightInputs night;
    private long readFor = -1;
    private TerminalRegistry registry;

    TerminalRegistrySource(NightInputs night) {
        this.night = night;
    }

    public synchronized Optional<TerminalRegistry> registry() {
        if (readFor != night.run()) {
            String file = night.get().terminals();
            try {
                registry = file.isBlank() ? null : TerminalRegistry.read(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("terminal registry " + file + ": " + e.getMessage(), e);
            }
            readFor = night.run();
        }
        return Optional.ofNullable(registry);
    }
}
