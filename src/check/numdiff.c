/* numdiff.c -- numerical derivatives with error estimates. */

#include <config.h>

#include <gsl/gsl_deriv.h>

#include "backprop/numdiff.h"

int
bp_numdiff_central (const gsl_function *f, double x, double h,
                    double *result, double *abserr)
{
  return gsl_deriv_central (f, x, h, result, abserr);
}

void
bp_numdiff_onesided (const gsl_function *f, double x, double h,
                     double *left, double *right)
{
  double f0 = GSL_FN_EVAL (f, x);
  *left = (f0 - GSL_FN_EVAL (f, x - h)) / h;
  *right = (GSL_FN_EVAL (f, x + h) - f0) / h;
}

double
bp_numdiff_plain (const gsl_function *f, double x, double h)
{
  return (GSL_FN_EVAL (f, x + h) - GSL_FN_EVAL (f, x - h)) / (2.0 * h);
}
