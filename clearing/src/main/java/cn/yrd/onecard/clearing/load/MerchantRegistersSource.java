package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.registry.MerchantRegisters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The acquirers' merchant registers clearing checks each merchant payment against: the folder the night names
 * ({@link NightInputs}), read whole once per run. None named, the centre knows no merchant: every payment goes to
 * suspense (M01), none is paid out blind.
 */
@Component
public class MerchantRegistersSource {
    private final NightInputs night;
    private long readFor = -1;
    private MerchantRegisters registers;

    MerchantRegistersSource(NightInputs night) {
        this.night = night;
    }

    public synchronized MerchantRegisters registers() {
        if (readFor != night.run()) {
            String dir = night.get().merchants();
            try {
                registers = dir.isBlank() ? MerchantRegisters.of(List.of()) : MerchantRegisters.read(Path.of(dir));
            } catch (IOException e) {
                throw new UncheckedIOException("merchant registers " + dir + ": " + e.getMessage(), e);
            }
            readFor = night.run();
        }
        return registers;
    }
}
