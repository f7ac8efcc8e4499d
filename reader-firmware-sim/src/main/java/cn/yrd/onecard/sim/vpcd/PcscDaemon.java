package cn.yrd.onecard.sim.vpcd;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this machine runs the real PC/SC daemon with the vsmartcard vpcd driver. */
public final class PcscDaemon {
    public static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    public static final Path VPCD_DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");

    private PcscDaemon() {
    }

    public static boolean running() {
        return Files.exists(SOCKET) && Files.exists(VPCD_DRIVER);
    }

    public static final String MISSING = "pcscd with vsmartcard-vpcd is not running here (Debian: apt-get install pcscd "
            + "vsmartcard-vpcd opensc pcsc-tools python3-pyscard, then start pcscd before the tests; .ci/run does)";
}
