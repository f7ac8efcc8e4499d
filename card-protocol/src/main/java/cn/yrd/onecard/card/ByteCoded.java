package cn.yrd.onecard.card;

/** An enum whose constants stand for one-byte codes on the card or in a record. */
public interface ByteCoded {
    int code();

    /** The constant of {@code type} with {@code code}, or an error naming what it was meant to be. */
    static <E extends Enum<E> & ByteCoded> E of(Class<E> type, int code, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new IllegalArgumentException(String.format("unknown %s %02X", what, code));
    }
}
