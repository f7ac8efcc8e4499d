package cn.yrd.onecard.terminal.gate;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.terminal.fare.Ride;

/**
 * Where a gate or validator stands: the kind of tap it takes (a bus validator, a metro entry or exit gate),
 * its city, line and station, and who operates it.
 *
 * @param operatorId the acquirer ID, 16 hex digits
 * @param deviceId the gate's own ID, 16 hex digits
 */
public record GateConfig(Ride.Kind kind, City city, int line, int station, String operatorId, String deviceId) {
    public GateConfig {
        if (!operatorId.matches("[0-9A-F]{16}") || !deviceId.matches("[0-9A-F]{16}")) {
            throw new IllegalArgumentException("operator and device IDs are 16 upper-case hex digits");
        }
    }
}
