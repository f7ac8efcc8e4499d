package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.registry.TerminalRegistry;
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
    private final NightFile<Optional<TerminalRegistry>> registry;

    TerminalRegistrySource(NightInputs night) {
        this.registry = new NightFile<>(night, NightInputs.Inputs::terminals, "terminal registry",
                file -> file.isBlank() ? Optional.empty() : Optional.of(TerminalRegistry.read(Path.of(file))));
    }

    public Optional<TerminalRegistry> registry() {
        return registry.get();
    }
}
