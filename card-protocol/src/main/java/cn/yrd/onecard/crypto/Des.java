package cn.yrd.onecard.crypto;

/**
 * DES (FIPS 46-3), table-driven, allocation-free. Clearing keys a new DES key for every card's TAC, so
 * the key schedule must be cheap: BouncyCastle's takes ~1.3 µs, this one a small fraction of that. The
 * lookup tables are derived when the class loads from the standard's own permutations and S-boxes below,
 * so the only constants are the published ones; tests check the result against SunJCE.
 *
 * <p>A key schedule is an {@code int[32]}: two words a round, the even S-boxes' six-bit subkey chunks packed into
 * one and the odd ones' into the other, at the bit positions a round reads them from its half block (so a round
 * costs two rotations and two key XORs, not eight of each).
 *
 * <p>The initial and final permutations are bit permutations, so they commute with XOR and cancel between
 * operations: chained operations (3DES-EDE, CBC-MAC) run in the permuted domain ({@link #ip}, {@link #rounds},
 * {@link #fp}) and pay them once, not once per block.
 */
final class Des {
    static final int SCHEDULE_LENGTH = 32;

    private static final int[] IP = {
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
        62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
        61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7};
    private static final int[] P = {
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
        2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25};
    private static final int[] PC1 = {
        57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
        10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
        63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
        14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4};
    private static final int[] PC2 = {
        14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
        23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
        41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
        44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32};
    private static final int[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};
    private static final int[][] S = {
        {14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
            0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
            4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
            15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
        {15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
            3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
            0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
            13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
        {10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
            13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
            13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
            1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
        {7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
            13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
            10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
            3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
        {2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
            14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
            4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
            11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
        {12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
            10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
            9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
            4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
        {4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
            13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
            1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
            6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
        {13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
            1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
            7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
            2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11}};

    // Flat tables: one array load per lookup on the hot path.
    /** S-box and P permutation together: SP[box * 64 + six input bits] is the round function's share. */
    private static final int[] SP = new int[8 * 64];
    /** The initial and final permutations, a byte of input at a time: [byte index * 256 + value]. */
    private static final long[] IP_BY_BYTE = new long[8 * 256];
    private static final long[] FP_BY_BYTE = new long[8 * 256];
    /** PC1 of the key, a key nibble at a time: C in bits 55 to 28, D in 27 to 0. [nibble * 16 + value]. */
    private static final long[] PC1_BY_NIBBLE = new long[16 * 16];
    /**
     * PC2 of rotated C and D, seven of their bits at a time, already packed as a round reads a subkey (the even boxes'
     * word in the high half, the odd boxes' in the low): [chunk * 128 + value], chunks 0 to 3 of C, 4 to 7 of D.
     */
    private static final long[] PC2_BY_SEVEN = new long[8 * 128];

    static {
        for (int box = 0; box < 8; box++) {
            for (int x = 0; x < 64; x++) {
                int row = ((x >>> 4) & 2) | (x & 1);
                int col = (x >>> 1) & 0xF;
                long s = (long) S[box][row * 16 + col] << (28 - 4 * box);
                SP[box * 64 + x] = (int) permute(s, 32, P, 32);
            }
        }
        int[] fp = new int[64];
        for (int i = 0; i < 64; i++) {
            fp[IP[i] - 1] = i + 1;
        }
        for (int b = 0; b < 8; b++) {
            for (int v = 0; v < 256; v++) {
                long in = (long) v << (56 - 8 * b);
                IP_BY_BYTE[b * 256 + v] = permute(in, 64, IP, 64);
                FP_BY_BYTE[b * 256 + v] = permute(in, 64, fp, 64);
            }
        }
        for (int nibble = 0; nibble < 16; nibble++) {
            for (int v = 0; v < 16; v++) {
                PC1_BY_NIBBLE[nibble * 16 + v] = permute((long) v << (60 - 4 * nibble), 64, PC1, 56);
            }
        }
        for (int chunk = 0; chunk < 8; chunk++) {
            for (int v = 0; v < 128; v++) {
                PC2_BY_SEVEN[chunk * 128 + v] = packed(permute((long) v << (49 - 7 * chunk), 56, PC2, 48));
            }
        }
    }

    private Des() {
    }

    /** Output bit k (1-based, most significant first) is input bit {@code table[k-1]}. */
    private static long permute(long in, int inBits, int[] table, int outBits) {
        long out = 0;
        for (int k = 0; k < table.length; k++) {
            if (((in >>> (inBits - table[k])) & 1) != 0) {
                out |= 1L << (outBits - 1 - k);
            }
        }
        return out;
    }

    /** Fills {@code schedule} for the 8-byte key at {@code key[off]}. Parity bits are ignored. */
    static void schedule(byte[] key, int off, int[] schedule) {
        // Clearing keys a new DES key for every card's TAC: PC1 is sixteen loads, each round's two words two rotations
        // and eight loads, from tables of 10 KB that stay in the first-level cache beside the S-boxes.
        long k = load(key, off);
        long cd = 0;
        for (int n = 0; n < 16; n++) {
            cd |= PC1_BY_NIBBLE[n * 16 + ((int) (k >>> (60 - 4 * n)) & 0xF)];
        }
        int c = (int) (cd >>> 28);
        int d = (int) cd & 0xFFFFFFF;
        for (int r = 0; r < 16; r++) {
            int by = SHIFTS[r];
            c = ((c << by) | (c >>> (28 - by))) & 0xFFFFFFF;
            d = ((d << by) | (d >>> (28 - by))) & 0xFFFFFFF;
            long sub = PC2_BY_SEVEN[c >>> 21] | PC2_BY_SEVEN[128 + ((c >>> 14) & 0x7F)]
                    | PC2_BY_SEVEN[256 + ((c >>> 7) & 0x7F)] | PC2_BY_SEVEN[384 + (c & 0x7F)]
                    | PC2_BY_SEVEN[512 + (d >>> 21)] | PC2_BY_SEVEN[640 + ((d >>> 14) & 0x7F)]
                    | PC2_BY_SEVEN[768 + ((d >>> 7) & 0x7F)] | PC2_BY_SEVEN[896 + (d & 0x7F)];
            schedule[2 * r] = (int) (sub >>> 32);
            schedule[2 * r + 1] = (int) sub;
        }
    }

    /** A 48-bit subkey as a round reads it: each box's six bits where its window lies (see {@link #rounds}). */
    private static long packed(long sub) {
        int even = 0;
        int odd = 0;
        for (int i = 0; i < 8; i += 2) {
            even |= ((int) (sub >>> (42 - 6 * i)) & 0x3F) << (26 - 4 * i);
            odd |= ((int) (sub >>> (36 - 6 * i)) & 0x3F) << (26 - 4 * i);
        }
        return ((long) even << 32) | (odd & 0xFFFFFFFFL);
    }

    static long encrypt(int[] schedule, long block) {
        return fp(rounds(schedule, ip(block), false));
    }

    static long decrypt(int[] schedule, long block) {
        return fp(rounds(schedule, ip(block), true));
    }

    /** The initial permutation. */
    static long ip(long block) {
        long x = 0;
        for (int b = 0; b < 8; b++) {
            x |= IP_BY_BYTE[b * 256 + ((int) (block >>> (56 - 8 * b)) & 0xFF)];
        }
        return x;
    }

    /** The final permutation, the inverse of {@link #ip}. */
    static long fp(long preOutput) {
        long y = 0;
        for (int b = 0; b < 8; b++) {
            y |= FP_BY_BYTE[b * 256 + ((int) (preOutput >>> (56 - 8 * b)) & 0xFF)];
        }
        return y;
    }

    /**
     * The 16 rounds over an initially permuted block, returning the pre-output (halves swapped): what {@link #fp}
     * turns into the ciphertext, and what {@link #ip} of that ciphertext would give back, so the next operation of
     * a chain takes it as it is.
     */
    static long rounds(int[] ks, long permuted, boolean decrypt) {
        int left = (int) (permuted >>> 32);
        int right = (int) permuted;
        for (int round = 0; round < 16; round++) {
            int base = 2 * (decrypt ? 15 - round : round);
            // The E expansion: S-box i reads the six bits starting one bit before bit 4i, wrapping around; the even
            // boxes' windows are 8 bits apart in the half rotated right by 1, the odd boxes' in it rotated left by 3.
            int even = Integer.rotateRight(right, 1) ^ ks[base];
            int odd = Integer.rotateLeft(right, 3) ^ ks[base + 1];
            int f = SP[even >>> 26] | SP[128 + ((even >>> 18) & 0x3F)] | SP[256 + ((even >>> 10) & 0x3F)]
                    | SP[384 + ((even >>> 2) & 0x3F)] | SP[64 + (odd >>> 26)] | SP[192 + ((odd >>> 18) & 0x3F)]
                    | SP[320 + ((odd >>> 10) & 0x3F)] | SP[448 + ((odd >>> 2) & 0x3F)];
            int next = left ^ f;
            left = right;
            right = next;
        }
        return ((long) right << 32) | (left & 0xFFFFFFFFL);
    }

    /**
     * {@link #rounds} of two blocks at once, {@code io[0]} and {@code io[1]} replaced by their pre-outputs: the two
     * chains are independent, so the processor overlaps their table loads (a card key is two such blocks).
     */
    static void rounds2(int[] ks, long[] io, boolean decrypt) {
        int l0 = (int) (io[0] >>> 32);
        int r0 = (int) io[0];
        int l1 = (int) (io[1] >>> 32);
        int r1 = (int) io[1];
        for (int round = 0; round < 16; round++) {
            int base = 2 * (decrypt ? 15 - round : round);
            int k0 = ks[base];
            int k1 = ks[base + 1];
            int e0 = Integer.rotateRight(r0, 1) ^ k0;
            int o0 = Integer.rotateLeft(r0, 3) ^ k1;
            int e1 = Integer.rotateRight(r1, 1) ^ k0;
            int o1 = Integer.rotateLeft(r1, 3) ^ k1;
            int f0 = SP[e0 >>> 26] | SP[128 + ((e0 >>> 18) & 0x3F)] | SP[256 + ((e0 >>> 10) & 0x3F)]
                    | SP[384 + ((e0 >>> 2) & 0x3F)] | SP[64 + (o0 >>> 26)] | SP[192 + ((o0 >>> 18) & 0x3F)]
                    | SP[320 + ((o0 >>> 10) & 0x3F)] | SP[448 + ((o0 >>> 2) & 0x3F)];
            int f1 = SP[e1 >>> 26] | SP[128 + ((e1 >>> 18) & 0x3F)] | SP[256 + ((e1 >>> 10) & 0x3F)]
                    | SP[384 + ((e1 >>> 2) & 0x3F)] | SP[64 + (o1 >>> 26)] | SP[192 + ((o1 >>> 18) & 0x3F)]
                    | SP[320 + ((o1 >>> 10) & 0x3F)] | SP[448 + ((o1 >>> 2) & 0x3F)];
            int n0 = l0 ^ f0;
            l0 = r0;
            r0 = n0;
            int n1 = l1 ^ f1;
            l1 = r1;
            r1 = n1;
        }
        io[0] = ((long) r0 << 32) | (l0 & 0xFFFFFFFFL);
        io[1] = ((long) r1 << 32) | (l1 & 0xFFFFFFFFL);
    }

    static long load(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void store(long v, byte[] b, int off) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
