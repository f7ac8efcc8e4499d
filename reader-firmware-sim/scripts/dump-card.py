#!/usr/bin/python3
"""Dumps a China transit card through PC/SC the way the public reader app Metrodroid does (its ChinaCard and
ISO7816Protocol): SELECT the purse by name, then for every SFI 1..31 READ BINARY and, unless that says the file is
not there (6A82), READ RECORD from record 1 until the card says there are no more; GET BALANCE with P1 0..3; then,
for the files Metrodroid names, SELECT of the MF, of DF 1001 and of EF 00<SFI> and the reads of the current EF.
A 6Cxx answer is sent again with the Le the card asks for, as Metrodroid does.

Usage: /usr/bin/python3 dump-card.py [READER NAME]      (Debian's python3 sees python3-pyscard)
Prints one line a file that answered, e.g.
  sfi 15: binary 30 bytes
  sfi 18: records 23 23
  id 0015: binary 30 bytes
  balance p1 0: 00000708
"""
import sys

from smartcard.System import readers

SELECT_EP = [0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05, 0x00]
METRODROID_FILES = [4, 5, 8, 9, 10, 21, 24, 25]


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    found = [r for r in readers() if wanted is None or str(r) == wanted]
    if not found:
        sys.exit("no reader named %r" % wanted)
    connection = found[0].createConnection()
    connection.connect()

    def transmit(apdu):
        data, sw1, sw2 = connection.transmit(apdu)
        if sw1 == 0x6C:
            data, sw1, sw2 = connection.transmit(apdu[:-1] + [sw2])
        return bytes(data), (sw1 << 8) | sw2

    def records(p2):
        lengths = []
        for n in range(1, 256):
            data, sw = transmit([0x00, 0xB2, n, p2, 0x00])
            if sw != 0x9000:
                break
            lengths.append(len(data))
        return lengths

    def show(name, binary, sw, lengths):
        if sw == 0x9000:
            print("%s: binary %d bytes" % (name, len(binary)))
        elif lengths:
            print("%s: records %s" % (name, " ".join(str(n) for n in lengths)))

    data, sw = transmit(SELECT_EP)
    if sw != 0x9000:
        sys.exit("SELECT EP answered %04X" % sw)
    for sfi in range(1, 32):
        binary, sw = transmit([0x00, 0xB0, 0x80 | sfi, 0x00, 0x00])
        if sw == 0x6A82:
            continue
        show("sfi %02X" % sfi, binary, sw, [] if sw == 0x9000 else records(sfi << 3 | 4))
    for p1 in range(4):
        data, sw = transmit([0x80, 0x5C, p1, 0x02, 0x04])
        if sw == 0x9000:
            print("balance p1 %d: %s" % (p1, data.hex().upper()))
    for sfi in METRODROID_FILES:
        transmit([0x00, 0xA4, 0x00, 0x00, 0x00])
        transmit([0x00, 0xA4, 0x00, 0x00, 0x02, 0x10, 0x01, 0x00])
        data, sw = transmit([0x00, 0xA4, 0x00, 0x00, 0x02, 0x00, sfi, 0x00])
        if sw != 0x9000:
            continue
        binary, sw = transmit([0x00, 0xB0, 0x00, 0x00, 0x00])
        show("id %04X" % sfi, binary, sw, [] if sw == 0x9000 else records(0x04))


if __name__ == "__main__":
    main()
