/* error.h -- the message a loader leaves when it refuses its input.
 *
 * Loaders of untrusted files take a bp_error and, when they fail, write one
 * line into it saying what is wrong ("line 7: expected 4 numbers, found 3").
 * The program prefixes its name and the file: "gradcheck: toy.txt: line 7:
 * ...".  The library itself never prints and never exits. */

#ifndef BP_ERROR_H
#define BP_ERROR_H

#define BP_ERRMAX 256

typedef struct bp_error {
  char msg[BP_ERRMAX];
} bp_error;

/* printf into err->msg (err may be NULL); returns GSL_EFAILED so that a
 * loader can say  return bp_error_set (err, "...", ...);  */
int bp_error_set (bp_error *err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

#endif /* BP_ERROR_H */
