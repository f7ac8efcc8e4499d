package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;

/**
 * A purse's own (diversified) keys: purchase DPK, load DLK, TAC DTK and the maintenance key that MACs
 * APPLICATION BLOCK. Never printed.
 */
public record PurseKeys(CardAlgorithm algorithm, int keyVersion, byte[] dpk, byte[] dlk, byte[] dtk,
        byte[] maintenance) {
    /** The purposes of a purse's keys, in the keystore's aliases and a wallet's explicit {@code cardKeys}. */
    public static final java.util.List<cn.yrd.onecard.crypto.KeyPurpose> PURPOSES = java.util.List.of(
            cn.yrd.onecard.crypto.KeyPurpose.PURCHASE, cn.yrd.onecard.crypto.KeyPurpose.LOAD,
            cn.yrd.onecard.crypto.KeyPurpose.TAC, cn.yrd.onecard.crypto.KeyPurpose.MAINTENANCE);

    public PurseKeys {
        for (byte[] k : new byte[][] {dpk, dlk, dtk, maintenance}) {
            if (k == null || k.length != 16) {
                throw new IllegalArgumentException("purse keys are 16 bytes each");
            }
        }
        if (keyVersion < 0 || keyVersion > 0xFF) {
            throw new IllegalArgumentException("key version must be one byte, got " + keyVersion);
        }
        dpk = dpk.clone();
        dlk = dlk.clone();
        dtk = dtk.clone();
        maintenance = maintenance.clone();
    }

    /** A card's keys diversified from its issuing city's master keys, as an issuer personalises it. */
    public static PurseKeys diversified(CardAlgorithm algorithm, int keyVersion, CardSerial serial,
            byte[] purchaseMaster, byte[] loadMaster, byte[] tacMaster, byte[] maintenanceMaster) {
        CardCrypto crypto = new CardCrypto(algorithm);
        return new PurseKeys(algorithm, keyVersion, crypto.diversify(purchaseMaster, serial),
                crypto.diversify(loadMaster, serial), crypto.diversify(tacMaster, serial),
                crypto.diversify(maintenanceMaster, serial));
    }

    @Override
    public String toString() {
        return "PurseKeys[" + algorithm + ", version " + keyVersion + ", keys redacted]";
    }
}
