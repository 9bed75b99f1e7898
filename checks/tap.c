/* tap.c -- the TAP producer declared in tap.h. */

#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "tap.h"

static unsigned planned, ran, failed;

void
plan (unsigned n)
{
  planned = n;
  printf ("1..%u\n", n);
  fflush (stdout);
}

static int
report (int cond, const char *fmt, va_list ap)
{
  ran++;
  if (!cond)
    failed++;
  printf ("%sok %u - ", cond ? "" : "not ", ran);
  vprintf (fmt, ap);
  putchar ('\n');
  fflush (stdout);
  return cond;
}

int
ok (int cond, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  report (cond, fmt, ap);
  va_end (ap);
  return cond;
}

int
is_int (long got, long want, const char *fmt, ...)
{
  va_list ap;
  int cond = got == want;
  va_start (ap, fmt);
  report (cond, fmt, ap);
  va_end (ap);
  if (!cond)
    diag ("got %ld, want %ld", got, want);
  return cond;
}

int
is_double (double got, double want, double tol, const char *fmt, ...)
{
  va_list ap;
  int cond = !isnan (got) && !isnan (want) && fabs (got - want) <= tol;
  va_start (ap, fmt);
  report (cond, fmt, ap);
  va_end (ap);
  if (!cond)
    diag ("got %.17g, want %.17g (tolerance %g)", got, want, tol);
  return cond;
}

int
is_substr (const char *got, const char *want, const char *fmt, ...)
{
  va_list ap;
  int cond = got != NULL && strstr (got, want) != NULL;
  va_start (ap, fmt);
  report (cond, fmt, ap);
  va_end (ap);
  if (!cond)
    diag ("got \"%s\", want it to contain \"%s\"", got ? got : "(null)",
          want);
  return cond;
}

void
skip (unsigned n, const char *fmt, ...)
{
  char why[256];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (why, sizeof why, fmt, ap);
  va_end (ap);
  while (n-- > 0)
    printf ("ok %u # SKIP %s\n", ++ran, why);
  fflush (stdout);
}

void
diag (const char *fmt, ...)
{
  va_list ap;
  fputs ("# ", stdout);
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  putchar ('\n');
  fflush (stdout);
}

void
bail (const char *fmt, ...)
{
  va_list ap;
  fputs ("Bail out! ", stdout);
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  putchar ('\n');
  exit (1);
}

int
tap_done (void)
{
  if (ran != planned)
    diag ("planned %u tests but ran %u", planned, ran);
  return failed == 0 && ran == planned ? 0 : 1;
}

const char *
tap_srcfile (const char *relative)
{
  static char buf[4096];
  const char *srcdir = getenv ("srcdir");
  snprintf (buf, sizeof buf, "%s/%s", srcdir ? srcdir : ".", relative);
  return buf;
}

const char *tap_gsl_reason;
int tap_gsl_errno;

static void
keep_reason (const char *reason, const char *file, int line, int gsl_errno)
{
  (void) file;
  (void) line;
  tap_gsl_reason = reason;
  tap_gsl_errno = gsl_errno;
}

void
tap_gsl_handler_install (void)
{
  gsl_set_error_handler (keep_reason);
}
