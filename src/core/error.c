/* error.c -- loader error messages. */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>

#include "backprop/error.h"

int
bp_error_set (bp_error *err, const char *fmt, ...)
{
  if (err != NULL)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (err->msg, sizeof err->msg, fmt, ap);
      va_end (ap);
    }
  return GSL_EFAILED;
}
