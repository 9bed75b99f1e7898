/* cli.h -- what both programs need of a command line: one-line errors and
 * option values checked against their range.  Not part of the library,
 * which never prints or exits. */

#ifndef BP_CLI_H
#define BP_CLI_H

#include <stddef.h>

/* The program's name, for messages; main sets it. */
extern const char *cli_program_name;

/* "PROGRAM: WHAT: message" on stderr (without "WHAT: " when what is
 * NULL), then exit status 2. */
void cli_fail (const char *what, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3), noreturn));

/* Fail unless the file path could be created: its directory exists and
 * can be written.  With dir nonzero, path names a directory that will be
 * made if it is missing (or written in if it is there).  Programs check
 * their outputs before long work, so a mistyped path costs nothing. */
void cli_writable (const char *path, int dir);

/* The value of option opt, arg, as a whole number in min..max or a finite
 * number in [min, max]; anything else is cli_fail. */
size_t cli_size (const char *opt, const char *arg, size_t min, size_t max);
double cli_double (const char *opt, const char *arg, double min, double max);

/* The threads of the BLAS and of the library's OpenMP loops, unless the
 * user chose (BLIS_NUM_THREADS or OMP_NUM_THREADS): two on a machine with
 * two or more processors where nothing else runs, else one.  Call it
 * before the first BLAS call.  Returns the number chosen, 0 when the
 * user's. */
int cli_threads (void);

#endif /* BP_CLI_H */
