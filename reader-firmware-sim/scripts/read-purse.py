#!/usr/bin/python3
"""Reads a T-Union transit purse through PC/SC, as card-reading apps do: SELECT the EP application,
GET BALANCE, then the 0x18 transaction log record by record until the card says there are no more.

Usage: /usr/bin/python3 read-purse.py [READER NAME]      (Debian's python3 sees python3-pyscard)
Prints one line for the balance and one per log record, e.g.
  balance 1700
  record 1: atc 1 amount 300 type 06 terminal 0000AB12CD34 time 20261123081500
"""
import sys

from smartcard.System import readers

SELECT_EP = [0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05]
GET_BALANCE = [0x80, 0x5C, 0x00, 0x02, 0x04]


def read_record(n):
    return [0x00, 0xB2, n, 0xC4, 0x00]


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    found = [r for r in readers() if wanted is None or str(r) == wanted]
    if not found:
        sys.exit("no reader named %r" % wanted)
    connection = found[0].createConnection()
    connection.connect()

    def transmit(apdu):
        data, sw1, sw2 = connection.transmit(apdu)
        return bytes(data), (sw1 << 8) | sw2

    data, sw = transmit(SELECT_EP)
    if sw != 0x9000:
        sys.exit("SELECT EP answered %04X" % sw)
    data, sw = transmit(GET_BALANCE)
    if sw != 0x9000 or len(data) != 4:
        sys.exit("GET BALANCE answered %04X with %d bytes" % (sw, len(data)))
    print("balance %d" % int.from_bytes(data, "big"))
    for n in range(1, 11):
        data, sw = transmit(read_record(n))
        if sw == 0x6A83:
            break
        if sw != 0x9000 or len(data) != 23:
            sys.exit("READ RECORD %d answered %04X with %d bytes" % (n, sw, len(data)))
        atc = int.from_bytes(data[0:2], "big")
        amount = int.from_bytes(data[5:9], "big")
        print("record %d: atc %d amount %d type %02X terminal %s time %s" % (
            n, atc, amount, data[9], data[10:16].hex().upper(), data[16:23].hex()))


if __name__ == "__main__":
    main()
