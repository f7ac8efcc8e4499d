package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The proximity payment system environment {@code 2PAY.SYS.DDF01}: what contactless readers select first. */
final class Ppse implements Application {
    static final byte[] NAME = "2PAY.SYS.DDF01".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean answersTo(int p1, byte[] id) {
        return p1 == 0x04 && Arrays.equals(id, NAME);
    }

    @Override
    public ResponseApdu select() {
        Tlv entry = Tlv.constructed(0x61,
                Tlv.of(0x4F, Purse.AID),
                Tlv.of(0x50, Purse.LABEL.getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x87, new byte[] {0x01}));
        return ResponseApdu.ok(Tlv.constructed(0x6F, Tlv.of(0x84, NAME),
                Tlv.constructed(0xA5, Tlv.constructed(0xBF0C, entry))).encode());
    }

    @Override
    public ResponseApdu process(CommandApdu command) {
        return ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
    }

    @Override
    public void reset() {
    }
}
