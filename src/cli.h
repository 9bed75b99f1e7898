/* cli.h -- what both programs need of a command line: one-line errors,
 * option values checked against their range, the bug zoo by name, the
 * colour choice and what a plot left behind.  Not part of the library,
 * which never prints or exits. */

#ifndef BP_CLI_H
#define BP_CLI_H

#include <limits.h>
#include <stddef.h>

#include "backprop.h"

/* The program's name, for messages; main sets it. */
extern const char *cli_program_name;

/* "PROGRAM: WHAT: message" on stderr (without "WHAT: " when what is
 * NULL), then exit status 2. */
void cli_fail (const char *what, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3), noreturn));

/* A problem getopt_long found (its return value c, ':' for a missing
 * argument when the option string starts with ':', else '?'), as
 * cli_fail: "--lr: this option needs an argument; try --help". */
void cli_option_error (int c, char **argv)
  __attribute__ ((noreturn));

/* "PROGRAM (backprop) VERSION" on stdout, and the CBLAS with its kernel. */
void cli_version (void);

/* Fail unless the file path could be created: its directory exists and
 * can be written.  With dir nonzero, path names a directory that will be
 * made if it is missing (or written in if it is there).  Programs check
 * their outputs before long work, so a mistyped path costs nothing. */
void cli_writable (const char *path, int dir);

/* The value of option opt, arg, as a whole number in min..max or a finite
 * number in [min, max]; anything else is cli_fail. */
size_t cli_size (const char *opt, const char *arg, size_t min, size_t max);
double cli_double (const char *opt, const char *arg, double min, double max);

/* The zoo's bug called name (for --inject), or cli_fail naming it. */
const bp_bug *cli_bug (const char *name);
/* The zoo on stdout, one line each: name and summary. */
void cli_list_bugs (void);

/* --backward FILE.so[:SYMBOL]: the function SYMBOL (default "backward")
 * of the shared object FILE, loaded; FILE as loaded ("./" before a bare
 * name, which dlopen would otherwise look for in the library path) goes
 * to path.  A file that cannot be read or loaded, or that lacks the
 * symbol, is cli_fail. */
bp_backward_fn *cli_load_backward (const char *arg,
                                   char path[PATH_MAX + 2]);

/* The verdict on a student's arrays, p->grads with p's scores and loss
 * (--npy, --python): bp_verdict_run with BP_VERDICT_ARRAYS added to
 * flags, and the line of each gradient and the verdict of the student's
 * own loss copied from p.  NULL when out of memory. */
bp_verdict *cli_verdict_arrays (const bp_problem *p,
                                const bp_gradcheck_opts *opts, int flags);

/* --color=WHEN: auto (on a terminal, unless NO_COLOR is set), always or
 * never; 1 for colour.  Anything else is cli_fail. */
int cli_color (const char *when);

/* After a plot: 0 is done; gnuplot missing is a note on stderr naming the
 * script written in its place (FILE.png -> FILE.gp; for "-", the
 * terminal plot, that there is none); any other failure is cli_fail. */
void cli_plot_done (int status, const char *out, const bp_error *err);

/* Flush standard output, or cli_fail when it could not be written. */
void cli_flush (void);

/* The threads of the BLAS and of the library's OpenMP loops, unless the
 * user chose (BLIS_NUM_THREADS or OMP_NUM_THREADS): two on a machine with
 * two or more processors where nothing else runs, else one.  Call it
 * before the first BLAS call.  Returns the number chosen, 0 when the
 * user's. */
int cli_threads (void);

#endif /* BP_CLI_H */
