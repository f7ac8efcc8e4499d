/**
 * The interindustry commands of ISO 7816-4 that the purse and the social security application share (SELECT,
 * READ BINARY, READ RECORD, GET CHALLENGE, VERIFY PIN), one type each, as card-profile.md §2 and §4 spell them. As in
 * {@link cn.yrd.onecard.psam}, the terminal builds a command and parses its answer with the type, and the simulated
 * card reads the command with the same type, refusing what it cannot take with the status word it answers.
 */
package cn.yrd.onecard.iso;
