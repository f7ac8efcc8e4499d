package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.IssuerId;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Issues simulated cards: transit cards, citizen cards and PSAMs. */
public final class SimCards {
    /** The issuer code in issuer IDs of cards issued here (two bytes before the city code). */
    static final int ISSUER_CODE = 0x0001;
    /** Industry code "transport" in issuer IDs. */
    static final int INDUSTRY_CODE = 0x0003;
    /** 14443-4 card: T=1, historical bytes "ONECARD-EP". */
    private static final byte[] CARD_ATR = atr(new byte[] {(byte) 0x80, 0x01}, "ONECARD-EP");
    /** Contact PSAM: T=0, historical bytes "ONECARD-PSAM". */
    private static final byte[] PSAM_ATR = atr(new byte[0], "ONECARD-PSAM");

    private SimCards() {
    }

    /** A transit card, or a citizen card when {@code spec.citizen()} is set. */
    public static CardOs issue(CardSpec spec, RandomGenerator random) {
        Eeprom eeprom = new Eeprom();
        PublicInfo publicInfo = new PublicInfo(new IssuerId(ISSUER_CODE, spec.city(), INDUSTRY_CODE), 0x03, 0x01,
                spec.appSerial(), spec.startDate(), spec.expiryDate(), spec.cardType(), 0);
        ManagementInfo management = new ManagementInfo(ManagementInfo.CHINA, spec.city().code().substring(0, 2) + "00",
                spec.city(), true, spec.cardType());
        HolderInfo holder = spec.holder() != null ? spec.holder()
                : new HolderInfo(spec.cardType(), false, "", "", 0);
        List<Application> apps = new ArrayList<>();
        apps.add(new Ppse());
        apps.add(new Purse(eeprom, spec.keys(), publicInfo, holder.encode(), management.encode(),
                MetroState.blank(spec.city()), spec.balance(), random));
        String kind = "transit card";
        if (spec.citizen() != null) {
            apps.add(new SocialSecurity(eeprom, spec.citizen(), random));
            kind = "citizen card";
        }
        return new CardOs(CARD_ATR, spec.city() + " " + kind + " " + spec.serial().masked(), eeprom, apps);
    }

    /** A PSAM for a terminal. */
    public static CardOs psam(PsamSpec spec) {
        Eeprom eeprom = new Eeprom();
        return new CardOs(PSAM_ATR, "PSAM " + spec.terminalNo(), eeprom, List.of(new Psam(eeprom, spec)));
    }

    /** The purse balance of a card issued here, in fen: what the console shows, read without an APDU. */
    public static long balance(CardOs card) {
        return card.application(Purse.class).balance();
    }

    /**
     * An ATR: TS {@code 3B}, T0 announcing the interface bytes and historical bytes, and a check byte when a
     * protocol other than T=0 is indicated.
     */
    private static byte[] atr(byte[] interfaceBytes, String historical) {
        byte[] hist = historical.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + interfaceBytes.length + hist.length + (interfaceBytes.length > 0 ? 1 : 0)];
        out[0] = 0x3B;
        // T0: TD1 present when there are interface bytes (Y1 = 8), then the number of historical bytes.
        out[1] = (byte) ((interfaceBytes.length > 0 ? 0x80 : 0x00) | hist.length);
        System.arraycopy(interfaceBytes, 0, out, 2, interfaceBytes.length);
        System.arraycopy(hist, 0, out, 2 + interfaceBytes.length, hist.length);
        if (interfaceBytes.length > 0) {
            byte tck = 0;
            for (int i = 1; i < out.length - 1; i++) {
                tck ^= out[i];
            }
            out[out.length - 1] = tck;
        }
        return out;
    }
}
