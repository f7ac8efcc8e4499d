package cn.yrd.onecard.crypto;

/**
 * The primitives that differ between the 3DES and the SM4 profile. Instances hold key schedules and
 * buffers that are reused from call to call, so each belongs to one thread; nothing here is created per
 * record.
 */
abstract class Profile {
    static final int KEY_LENGTH = 16;

    /** A master key keyed once, ready to diversify many cards. */
    interface MasterKey {
        /** The 16-byte card key for an 8-byte card serial. */
        byte[] diversify(byte[] serial);
    }

    abstract MasterKey master(byte[] masterKey);

    /** A session key from a card key and the 8 bytes of session input. */
    abstract byte[] sessionKey(byte[] cardKey, byte[] input);

    /** The key that MACs the TAC, from the card's TAC key. */
    abstract byte[] tacKey(byte[] dtk);

    /** The first 4 bytes of the CBC-MAC of {@code msg[0..length)} under a session or TAC key, IV zero. */
    abstract byte[] mac(byte[] key, byte[] msg, int length);

    /** The secure-messaging MAC under a 16-byte card key, IV = challenge padded with zeros. */
    abstract byte[] secureMessagingMac(byte[] cardKey, byte[] challenge, byte[] msg);

    static void checkKey(byte[] key, int length, String what) {
        if (key == null || key.length != length) {
            // The length only: a key's bytes never go into a message.
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
    }

    /** Byte {@code at} of {@code msg[0..length)} padded with {@code 80 00…}. */
    static int paddedByte(byte[] msg, int length, int at) {
        return at < length ? msg[at] & 0xFF : at == length ? 0x80 : 0;
    }

    /** Length of {@code length} bytes after padding to whole blocks; a full block gets a padding block. */
    static int paddedLength(int length, int blockSize) {
        return (length / blockSize + 1) * blockSize;
    }
}
