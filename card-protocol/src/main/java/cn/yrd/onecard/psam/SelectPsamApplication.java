package cn.yrd.onecard.psam;

import cn.yrd.onecard.apdu.CommandApdu;

/** SELECT the PSAM's T-Union application, {@code 00 A4 00 00 02 80 11}, once when the terminal starts. */
public final class SelectPsamApplication {
    /** The application's file identifier. */
    public static final byte[] ADF = {(byte) 0x80, 0x11};

    private SelectPsamApplication() {
    }

    public static byte[] build() {
        return new CommandApdu(0x00, 0xA4, 0x00, 0x00, ADF).toBytes();
    }
}
