/* tap.h -- a small Test Anything Protocol producer for backprop's checks.
 *
 * Every test program starts with plan(n) and ends with return tap_done();
 * each assertion prints one "ok N - ..." or "not ok N - ..." line, with a
 * printf-style description naming what was compared. */

#ifndef BP_TAP_H
#define BP_TAP_H

#include <stddef.h>

void plan (unsigned n);
/* Record a pass or fail; returns cond. */
int ok (int cond, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
int is_int (long got, long want, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
/* |got - want| <= tol, and neither is NaN. */
int is_double (double got, double want, double tol, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));
/* got contains want as a substring (got may be NULL: a failure). */
int is_substr (const char *got, const char *want, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
void skip (unsigned n, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
void diag (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
void bail (const char *fmt, ...) __attribute__ ((format (printf, 1, 2), noreturn));
/* Exit status for main: 0 when every planned test ran and passed. */
int tap_done (void);

/* A file name under the source tree's checks/ or data/ directory: tests
 * run from the build tree, and srcdir comes from the environment. */
const char *tap_srcfile (const char *relative);

/* GSL's default error handler aborts; tests install this one, which keeps
 * the last reason so that error paths can be asserted on. */
void tap_gsl_handler_install (void);
extern const char *tap_gsl_reason;
extern int tap_gsl_errno;

#endif /* BP_TAP_H */
