package cn.yrd.onecard.clearing.load;

import cn.yrd.onecard.registry.MerchantRegisters;
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
    private final NightFile<MerchantRegisters> registers;

    MerchantRegistersSource(NightInputs night) {
        this.registers = new NightFile<>(night, NightInputs.Inputs::merchants, "merchant registers",
                dir -> dir.isBlank() ? MerchantRegisters.of(List.of()) : MerchantRegisters.read(Path.of(dir)));
    }

    public MerchantRegisters registers() {
        return registers.get();
    }
}
