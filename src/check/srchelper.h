/* srchelper.h -- from a line inside a helper of the student's to the
 * helper's calls (private to the check layer).
 *
 * Students put pieces of the backward pass in helpers, often one helper
 * for both layers:
 *
 *     static void colsum (const gsl_matrix *A, gsl_vector *s) { ... }
 *     colsum (dscores, g->db2);          <- the mistake: dscores not yet
 *     colsum (g->dz1, g->db1);              divided by N
 *
 * The store is inside the helper, and right for what it is given.  These
 * say what a helper is (named for the algebra, or for a mean; whether its
 * body scales or names something) and find the call that gave it the
 * wrong thing. */

#ifndef BP_SRCHELPER_H
#define BP_SRCHELPER_H

#include <stddef.h>

/* Is line `line' of path in a helper named for a mean (mean_cols,
 * col_avg), whose division is right by its name, so that a division too
 * many is the call's? */
int bp_srcline_in_mean_helper (const char *path, int line);

/* Is line `line' of path in a helper named for a piece of matrix algebra
 * (matmul_ABt, colsum, dot), not for a gradient: right for whatever it is
 * given, so that a wrong input is the call's? */
int bp_srcline_in_math_helper (const char *path, int line);

/* Does the body of the function around line `line' mention name (its
 * parameters aside)? */
int bp_srcline_body_mentions (const char *path, int line, const char *name);

/* Does the body of the function around line `line' divide, or call a
 * function that scales (gsl_matrix_scale, dscal)? */
int bp_srcline_body_scales (const char *path, int line);

/* When line `line' lies in a helper function of the file, the line that
 * calls the helper and mentions both identifiers a and b (a penalty that
 * a shared helper adds, wrong in one call: add (g->dW2, reg, net->W2)
 * where 2 * reg belongs).  Returns it (its text into text), or 0. */
int bp_srcline_caller (const char *path, int line, const char *a,
                       const char *b, char *text, size_t len);

/* When line `line' lies in a helper function of the file, its call that
 * names the gradient grad and the operand, itself or through a variable
 * the caller set from them (struct linear fc1 = { ..., g->dW1 };,
 * gsl_matrix *dh = g->dp1;): that call, or, when the operand comes
 * through a setting that names the gradient too (.input = cache->z1,
 * .dW = g->dW2), that setting's line of the operand.  Returns it (its
 * text into text), or 0. */
int bp_srcline_call_through (const char *path, int line, const char *grad,
                             const char *operand, char *text, size_t len);

#endif /* BP_SRCHELPER_H */
