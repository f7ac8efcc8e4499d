package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.iso.Select;
import java.nio.charset.StandardCharsets;

/** The proximity payment system environment {@code 2PAY.SYS.DDF01}: what contactless readers select first. */
final class Ppse implements Application {
    @Override
    public boolean answersTo(Select select) {
        return Select.PPSE.names(select);
    }

    @Override
    public ResponseApdu select() {
        Tlv entry = Tlv.constructed(0x61,
                Tlv.of(0x4F, Select.TRANSIT_PURSE.id()),
                Tlv.of(0x50, Purse.LABEL.getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x87, new byte[] {0x01}));
        return ResponseApdu.ok(Tlv.constructed(0x6F, Tlv.of(0x84, Select.PPSE.id()),
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
