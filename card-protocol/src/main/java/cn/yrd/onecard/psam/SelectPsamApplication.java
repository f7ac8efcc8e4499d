package cn.yrd.onecard.psam;

import cn.yrd.onecard.iso.Select;

/** SELECT the PSAM's T-Union application by its file identifier, {@code 00 A4 00 00 02 80 11}, once at start-up. */
public final class SelectPsamApplication {
    public static final Select COMMAND = new Select(0x00, new byte[] {(byte) 0x80, 0x11});

    private SelectPsamApplication() {
    }

    public static byte[] build() {
        return COMMAND.build();
    }
}
