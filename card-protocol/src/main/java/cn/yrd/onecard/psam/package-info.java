/**
 * The PSAM's commands (card-profile.md §3), one type each: the terminal builds a command and parses its answer with
 * it, the simulated PSAM reads the command and encodes its answer with the same type, so the bytes of each are
 * written once. A command the PSAM cannot take is refused with the status word it answers
 * ({@link cn.yrd.onecard.apdu.MalformedApduException#statusWord()}).
 */
package cn.yrd.onecard.psam;
