/* numdiff.h -- numerical derivatives of a function of one variable, each
 * with its error estimate.
 *
 * The central derivative is GSL's gsl_deriv_central: it evaluates f at
 * x +- h and x +- h/2, extrapolates, and estimates its own truncation and
 * round-off error (shrinking h when round-off dominates). */

#ifndef BP_NUMDIFF_H
#define BP_NUMDIFF_H

#include <gsl/gsl_math.h>

/* f'(x) by centered differences with step h (and h/2); *abserr is the
 * estimated absolute error of *result.  Returns 0 or a GSL status. */
int bp_numdiff_central (const gsl_function *f, double x, double h,
                        double *result, double *abserr);

/* The one-sided difference quotients (f(x) - f(x-h))/h and
 * (f(x+h) - f(x))/h: around a kink the true derivative on either side lies
 * between them. */
void bp_numdiff_onesided (const gsl_function *f, double x, double h,
                          double *left, double *right);

/* The plain centered quotient (f(x+h) - f(x-h)) / 2h, for step sweeps. */
double bp_numdiff_plain (const gsl_function *f, double x, double h);

#endif /* BP_NUMDIFF_H */
