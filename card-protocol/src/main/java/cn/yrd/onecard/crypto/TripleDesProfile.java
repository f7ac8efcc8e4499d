package cn.yrd.onecard.crypto;

import java.util.Arrays;

/**
 * The published profile (algorithm id 00): {@code DK = 3DES_MK(S) ‖ 3DES_MK(~S)}, session keys by two-key
 * 3DES-EDE, MACs by single-DES CBC-MAC, the TAC under {@code DTK_L xor DTK_R}, secure messaging by the
 * ISO 9797-1 MAC algorithm 3 ("retail MAC") under the 16-byte card key.
 */
final class TripleDesProfile extends Profile {
    private final int[] left = new int[Des.SCHEDULE_LENGTH];
    private final int[] right = new int[Des.SCHEDULE_LENGTH];

    @Override
    MasterKey master(byte[] masterKey) {
        checkKey(masterKey, KEY_LENGTH, "master key");
        int[] k1 = new int[Des.SCHEDULE_LENGTH];
        int[] k2 = new int[Des.SCHEDULE_LENGTH];
        Des.schedule(masterKey, 0, k1);
        Des.schedule(masterKey, 8, k2);
        return serial -> {
            checkKey(serial, 8, "card serial");
            long s = Des.ip(Des.load(serial, 0));
            long[] halves = {s, ~s}; // a permutation of the complement is the complement of the permutation
            Des.rounds2(k1, halves, false);
            Des.rounds2(k2, halves, true);
            Des.rounds2(k1, halves, false);
            byte[] out = new byte[16];
            Des.store(Des.fp(halves[0]), out, 0);
            Des.store(Des.fp(halves[1]), out, 8);
            return out;
        };
    }

    @Override
    byte[] sessionKey(byte[] cardKey, byte[] input) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        Des.schedule(cardKey, 0, left);
        Des.schedule(cardKey, 8, right);
        byte[] out = new byte[8];
        Des.store(ede(left, right, Des.load(input, 0)), out, 0);
        return out;
    }

    @Override
    byte[] tacKey(byte[] dtk) {
        checkKey(dtk, KEY_LENGTH, "TAC key");
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (dtk[i] ^ dtk[i + 8]);
        }
        return out;
    }

    @Override
    byte[] mac(byte[] key, byte[] msg, int length) {
        checkKey(key, 8, "DES MAC key");
        Des.schedule(key, 0, left);
        return first4(cbc(left, 0L, msg, length));
    }

    @Override
    byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg) {
        checkKey(cardKey, KEY_LENGTH, "card key");
        Des.schedule(cardKey, 0, left);
        Des.schedule(cardKey, 8, right);
        long iv = Des.load(Arrays.copyOf(challenge, 8), 0);
        long state = cbc(left, iv, msg, msg.length);
        return first4(Des.encrypt(left, Des.decrypt(right, state)));
    }

    private static long ede(int[] k1, int[] k2, long block) {
        return Des.fp(edeRounds(k1, k2, Des.ip(block)));
    }

    /** 3DES-EDE in the permuted domain: the inner permutations cancel. */
    private static long edeRounds(int[] k1, int[] k2, long permuted) {
        return Des.rounds(k1, Des.rounds(k2, Des.rounds(k1, permuted, false), true), false);
    }

    /**
     * Single-DES CBC over the padded message; the last block. Chained in the permuted domain: the permutation of
     * the chaining value XOR the next block is the previous pre-output XOR the permuted block.
     */
    private static long cbc(int[] schedule, long iv, byte[] msg, int length) {
        long state = Des.ip(iv);
        int padded = paddedLength(length, 8);
        for (int block = 0; block < padded; block += 8) {
            long data = 0;
            for (int i = 0; i < 8; i++) {
                data = (data << 8) | paddedByte(msg, length, block + i);
            }
            state = Des.rounds(schedule, state ^ Des.ip(data), false);
        }
        return Des.fp(state);
    }

    private static byte[] first4(long block) {
        return new byte[] {(byte) (block >>> 56), (byte) (block >>> 48), (byte) (block >>> 40), (byte) (block >>> 32)};
    }
}
