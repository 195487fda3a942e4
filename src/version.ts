/** @module The turnbench version, shown in reports and `--version`. */

/** The turnbench version. */
export const VERSION = "0.1.0";
