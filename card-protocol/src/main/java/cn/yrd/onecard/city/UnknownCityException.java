package cn.yrd.onecard.city;

/** A city code that is not one of the 16 cities of the region. */
public final class UnknownCityException extends IllegalArgumentException {
    private final String code;

    public UnknownCityException(String code) {
        super("unknown city code '" + code + "' (not one of the 16 cities of the delta)");
        this.code = code;
    }

    public String code() {
        return code;
    }
}
