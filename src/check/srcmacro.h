/* srcmacro.h -- index mix-ups in a student's macros and strides
 * (private to the check layer).
 *
 * A macro that indexes, or a row length, hides a mistake from the line
 * that stores:
 *
 *     #define AVG(x) x / N                      <- the mistake: (x) / N
 *     gsl_matrix_set (g->db2, 0, k, AVG (s - t));
 *
 * Given the store, these find the #define or the stride that holds it. */

#ifndef BP_SRCMACRO_H
#define BP_SRCMACRO_H

#include <stddef.h>

#include "slice.h"

/* When the statement at `line' uses a macro of the file whose body uses a
 * parameter bare next to arithmetic (#define AVG(x) x/N), and a line of
 * the file gives it an expression (AVG (a - b)), or whose body is a sum
 * or a comparison with no parentheses around it (#define Q(i,j) P(i,j) -
 * (j == y[i]), #define DRELU(z) (z) > 0.0)
 * and a line uses it in a product (Q (i, j) * in), the #define's line,
 * its text into text; or 0. */
int bp_srcline_unsafe_macro (const char *path, int line, char *text,
                             size_t len);

/* The #define of a macro with parameters that the statement at `line'
 * calls and whose body names name (#define REG_GRAD(w) (reg * (w)) for
 * reg): where a penalty's factor is written.  Returns it (its text into
 * text), or 0. */
int bp_srcline_named_macro (const char *path, int line, const char *name,
                            char *text, size_t len);

/* An index mix-up (a cause not known) in a macro of the file: the
 * #define of a macro with parameters that the statement at `line' uses
 * and no line of `right' (the lines that make the right gradients) does
 * (#define W2T(k, h) W2->data[(k) * tda + (h)], read as W2's transpose,
 * is not); not a loop (#define F(i,a,b) for (...)), nor one called on
 * another line too.  Returns it (its text into text), or 0. */
int bp_srcline_private_macro (const char *path, int line,
                              const bp_slice_lines *right, char *text,
                              size_t len);

/* An index mix-up (a cause not known) by a stride of another shape: the
 * last line, in the function of the store at `line' and not after it,
 * that indexes or moves a pointer into one of the network's arrays by
 * the row length of an array with another number of columns (arow = p1 +
 * i * ld2, ld2 = g->dz2->tda), or by its count of rows (col = A->data +
 * j * A->size1, a matrix read by columns).  Returns it (its text into
 * text), or 0. */
int bp_srcline_foreign_stride (const char *path, int line, char *text,
                               size_t len);

/* The nearest line, at line `line' or before it in its function, that
 * reads z1 or p1 (N rows) through ->data with the count of samples as a
 * stride (z1->data[i + j * N], a column-major index): the wrong entries
 * of a mask.  Returns it (its text into text), or 0. */
int bp_srcline_rows_stride (const char *path, int line, char *text,
                            size_t len);

#endif /* BP_SRCMACRO_H */
