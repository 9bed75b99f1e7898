/* cli.c -- command-line errors and option values (see cli.h). */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

const char *cli_program_name = "backprop";

void
cli_fail (const char *what, const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: ", cli_program_name);
  if (what != NULL)
    fprintf (stderr, "%s: ", what);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  putc ('\n', stderr);
  exit (2);
}

size_t
cli_size (const char *opt, const char *arg, size_t min, size_t max)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (arg, &end, 10);
  if (arg[0] == '-' || arg[0] == '+' || arg[0] == '\0' || *end != '\0'
      || errno || v < min || v > max)
    cli_fail (opt, "'%s' is not an integer in %zu..%zu", arg, min, max);
  return (size_t) v;
}

double
cli_double (const char *opt, const char *arg, double min, double max)
{
  char *end;
  double v;

  errno = 0;
  v = strtod (arg, &end);
  if (arg[0] == '\0' || *end != '\0' || errno || !isfinite (v) || v < min
      || v > max)
    cli_fail (opt, "'%s' is not a number in %g..%g", arg, min, max);
  return v;
}
