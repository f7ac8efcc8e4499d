/**
 * The transit purse's own commands (card-profile.md §2), one type each: the terminal builds a command and parses its
 * answer with it, the simulated purse reads the command and encodes its answer with the same type, so the bytes of
 * each are written once. A command the purse cannot take is refused with the status word it answers
 * ({@link cn.yrd.onecard.apdu.MalformedApduException#answer()}). The interindustry commands the purse also takes
 * (SELECT, READ BINARY, READ RECORD, GET CHALLENGE) are in {@link cn.yrd.onecard.iso}.
 */
package cn.yrd.onecard.purse;
