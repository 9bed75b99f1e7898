/* cli.c -- command-line errors and option values (see cli.h). */

#include <config.h>

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void
cli_writable (const char *path, int dir)
{
  char copy[4096];
  const char *parent;
  size_t len = strlen (path);
  struct stat st;

  if (len == 0)
    cli_fail (NULL, "an empty output path");
  if (len >= sizeof copy)
    cli_fail (path, "path too long");
  if (!dir && (path[len - 1] == '/'
               || (stat (path, &st) == 0 && S_ISDIR (st.st_mode))))
    cli_fail (path, "is a directory");
  if (dir && stat (path, &st) == 0)
    {
      if (!S_ISDIR (st.st_mode))
        cli_fail (path, "not a directory");
      if (access (path, W_OK | X_OK) != 0)
        cli_fail (path, "%s", strerror (errno));
      return;
    }
  memcpy (copy, path, len + 1);
  parent = dirname (copy);      /* may write into copy */
  if (stat (parent, &st) != 0)
    cli_fail (path, "%s: %s", parent, strerror (errno));
  if (!S_ISDIR (st.st_mode))
    cli_fail (path, "%s is not a directory", parent);
  if (access (parent, W_OK | X_OK) != 0)
    cli_fail (path, "cannot write in %s: %s", parent, strerror (errno));
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
