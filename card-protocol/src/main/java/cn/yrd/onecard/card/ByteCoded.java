package cn.yrd.onecard.card;

import java.util.Optional;

/** An enum whose constants stand for one-byte codes on the card or in a record. */
public interface ByteCoded {
    int code();

    /** The constant of {@code type} with {@code code}, or an error naming what it was meant to be. */
    static <E extends Enum<E> & ByteCoded> E of(Class<E> type, int code, String what) {
        return find(type, code).orElseThrow(() -> new IllegalArgumentException(String.format("unknown %s %02X", what,
                code)));
    }

    /** The constant of {@code type} with {@code code}, if it has one. */
    static <E extends Enum<E> & ByteCoded> Optional<E> find(Class<E> type, int code) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
