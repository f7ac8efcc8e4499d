package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.registry.TerminalRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The register of terminals clearing checks each transit record's terminal against: the file of
 * {@code onecard.clearing.terminals} (docs/formats.md), read whole once per run. None configured, no terminal is
 * checked (the command says so).
 */
@Component
public class TerminalRegistrySource {
    private final Path file;
    private TerminalRegistry registry;

    public TerminalRegistrySource(@Value("${onecard.clearing.terminals:}") String file) {
        this.file = file.isBlank() ? null : Path.of(file);
    }

    public synchronized Optional<TerminalRegistry> registry() {
        if (file != null && registry == null) {
            try {
                registry = TerminalRegistry.read(file);
            } catch (IOException e) {
                throw new UncheckedIOException("terminal registry " + file + ": " + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(registry);
    }
}
