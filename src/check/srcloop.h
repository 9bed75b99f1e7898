/* srcloop.h -- from the line of a store to the loop that holds the
 * mistake (private to the check layer).
 *
 * Many mistakes are in a loop's head, not in the statement it repeats:
 *
 *     for (i = 0; i < D; i++)
 *       for (j = 0; j < C; j++)                 <- the mistake: j < H
 *         *gsl_matrix_ptr (g->dW1, i, j) += 2 * reg * W1[i][j];
 *
 * Given the store and what the wrong entries say (cut at another size,
 * the last or first samples left out, one row read for all), these find
 * the loop, or the pointer that a loop forgot to move. */

#ifndef BP_SRCLOOP_H
#define BP_SRCLOOP_H

#include <stddef.h>

/* Entries never stored, in the last rows (arg 1) or columns (arg 2) of a
 * gradient that line `line' stores with ..._set (g, row, col, ...): the
 * line of the for loop over that index, whose bound is likely short
 * (for (d = 0; d < D - 1; d++)).  Returns it, or 0 when there is no such
 * loop in the 12 lines before. */
int bp_srcline_loop (const char *path, int line, int arg, char *text,
                     size_t len);

/* A sum over the samples wrong at a store at line `line' inside a loop
 * that starts at an expression (for (i = n4 + 1; i < N; i++)) after a
 * loop at the same depth, or after such a loop in the store's own block:
 * the tail of an unrolled or blocked loop, which skips or repeats samples
 * when it starts in the wrong place.  Returns its head (its text into
 * text), or 0. */
int bp_srcline_tail_loop (const char *path, int line, char *text,
                          size_t len);

/* A store at line `line' inside loops over rows that indexes one row
 * pointer set inside them (dh = dz1->data + i * tda) and another set
 * once before them from a matrix's data and never moved (zr =
 * z1->data;): every row reads row 0.  Returns the line that sets the
 * stale one (its text into text); when the others are not set per row
 * but stepped in the outer loop's head (for (...; i++, dp += tda)), the
 * line of that head; or 0. */
int bp_srcline_stale_row (const char *path, int line, char *text,
                          size_t len);

/* Does line `line', after a statement of its own, hold a for loop that
 * stops one short (s = 0; for (i = 0; i < n - 1; i++) s += ...;, a loop
 * written on the line of the store)?  Returns the line (its text into
 * text), or 0. */
int bp_srcline_short_loop_here (const char *path, int line, char *text,
                                size_t len);

/* Entries wrong in the first row of a gradient over the samples (or a
 * bias's first entry), last stored at line `line': the nearest loop to
 * it (before or after) that starts at 1 (for (i = 1; ...), or while
 * (++i < n) that increments first), names grad
 * on its head's line or the next, and does not hold the store (a loop
 * that folds the rows into row 0 may be right); or, before the store in
 * its function, a loop that counts down and stops before 0 (for (i = n;
 * --i > 0;)) and sets an array the store names.  Returns it (its text
 * into text), or 0. */
int bp_srcline_late_start (const char *path, int line, const char *grad,
                           char *text, size_t len);

/* Entries wrong in the last rows of a gradient over the samples: the
 * nearest loop before line `line', in its function, that stops one
 * short (i < N - 1).  Returns it (its text into text), or 0. */
int bp_srcline_short_loop (const char *path, int line, char *text,
                           size_t len);

/* The same after the store at line `line': the first loop after it, in
 * its function, that stops one short and whose next lines store into
 * grad (a mask run over all samples but the last).  Its line, or 0. */
int bp_srcline_later_short_loop (const char *path, int line,
                                 const char *grad, char *text,
                                 size_t len);

/* The loop that bounds the statement at line `line': of the for loops
 * it is inside, the nearest that runs over its index `arg' (1, the row;
 * 2, the column, of a gsl_matrix_ get, set or ptr call), or the nearest
 * when it has none; when it is inside none (gsl_matrix_mul_elements
 * (dz1, mask);), the one that bounds the nearest set of an array it
 * names (gsl_matrix_set (mask, i, k, 1.0);).  Returns it (its text into
 * text), or 0. */
int bp_srcline_bounding_loop (const char *path, int line, int arg,
                              char *text, size_t len);

/* Does the for loop at line `line' run up to a parameter of the function
 * it is in (for (c = 0; c < n_cols; c++) in a helper given n_cols)? */
int bp_srcline_parameter_bound (const char *path, int line);

/* Among the loops around line `line', counted from 1 (Fortran's DO
 * 1..N): the one that stops with < where the others stop with <= (for
 * (i = 1; i < D; i++) inside for (j = 1; j <= H; j++)), which leaves
 * out its last row.  Returns it (its text into text), or 0. */
int bp_srcline_one_based_short (const char *path, int line, char *text,
                                size_t len);

/* Is line `line' inside a for loop that line `store' is not inside (a
 * sum's own loop, before the store of the sum)? */
int bp_srcline_in_own_loop (const char *path, int line, int store);

/* The if that tests (compares) around line `line', inside the blocks
 * that line `store' is not in (if (z1[n][j] > 0) for (...) s += ...;
 * before the store of s): its line (text into text), or 0. */
int bp_srcline_guarding_if (const char *path, int line, int store,
                            char *text, size_t len);

/* Is line `line' inside a for loop that starts after line `from' (a
 * penalty made once at `from', added at `line' in every pass)? */
int bp_srcline_looped_after (const char *path, int from, int line);

/* The nearest while loop around line `line' whose test counts down or up
 * before it compares (while (--left > 0), while (++k < C)), or stops one
 * short (while (h < H - 1)), so that it runs once fewer than its count:
 * its line, or 0. */
int bp_srcline_short_while (const char *path, int line, char *text,
                            size_t len);

/* When line `line' lies in a loop of a helper whose bound is one of the
 * helper's parameters (a softmax of n entries stride apart), the one
 * call of the helper: the caller chose the axis (my_softmax (sc + c, N,
 * C) in a loop over the classes).  Returns it (its text into text), or
 * 0. */
int bp_srcline_axis_call (const char *path, int line, char *text,
                          size_t len);

/* The nearest if around line `line' that tests which layer a loop over
 * the layers is at (if (l > 0), l a loop's variable): the choice of the
 * layers a step runs for.  Returns it (its text into text), or 0. */
int bp_srcline_layer_guard (const char *path, int line, char *text,
                            size_t len);

/* The first ReLU test (a comparison with 0) of the function around line
 * `line' that such an if guards, the if's line (a mask run for the
 * wrong layers); or 0. */
int bp_srcline_guarded_mask (const char *path, int line, char *text,
                             size_t len);

/* A loop of the function around line `line' over a table of layers
 * (db[l], dW[l]) that counts down and stops above 0 (for (l = L - 1;
 * l > 0; l--)): layer 0's step never runs.  Returns it (its text into
 * text), or 0. */
int bp_srcline_layer_zero_skipped (const char *path, int line, char *text,
                                   size_t len);

/* A sum over the samples that leaves the last ones out, stored at line
 * `line' (or rows left as a reset at line `line' left them): the nearest
 * loop before it (after it) in its function that steps by more than one
 * (for (n = 0; n + 4 <= N; n += 4), start += CH) with no loop after it for
 * the rest, an unrolled or chunked loop without its tail; after a reset,
 * the first such loop that fills grad, at its early exit (if (b + BS > N)
 * break;) when it has one.  Returns the line (its text into text), or
 * 0. */
int bp_srcline_untailed_loop (const char *path, int line, const char *grad,
                              char *text, size_t len);

/* A gsl_blas_dgemm or dgemv into grad with beta 0 inside a loop of the
 * function around line `line' (a product per chunk of samples that
 * overwrites the chunks before it).  Returns it (its text into text), or
 * 0. */
int bp_srcline_loop_beta_zero (const char *path, int line, const char *grad,
                               char *text, size_t len);

/* In the outermost loop around line `line' (over chunks of samples), a
 * submatrix view whose row offset stays 0 while the
 * others move with the chunk (X's rows of chunk 0 read for every chunk).
 * Returns it (its text into text), or 0. */
int bp_srcline_fixed_view (const char *path, int line, char *text,
                           size_t len);

/* A while loop that counts with a variable left over from before it
 * (while (i < N) after a loop that left i at N, or an inner while (k <
 * C) whose k is set once, outside the loop around it): around line
 * `line' (grad NULL), or the first while after line `line', in its
 * function, whose body names gradient grad.  Its line (its text into
 * text), or 0. */
int bp_srcline_unreset_while (const char *path, int line, const char *grad,
                              char *text, size_t len);

/* In a loop over a flat index k, the line at or before line `line' in
 * its body that recovers a row or column from k with a size other than
 * want, the length of the gradient's rows (i = k / H, db1[k % C], COL
 * (k, C) where C, or H, belongs); its text into text.  Returns it, or
 * 0. */
int bp_srcline_flat_index (const char *path, int line, const char *want,
                           char *text, size_t len);

/* A loop over a flat index k, around line `line' or just after it,
 * whose bound is a product of two of the sizes N, D, H, C other than a
 * and b (k < N * C where the entries of an N x H array are meant); its
 * line (its text into text), or 0. */
int bp_srcline_flat_bound (const char *path, int line, const char *a,
                           const char *b, char *text, size_t len);

/* A pointer that the statement at line `line' reads through (sum +=
 * *col;) and that walks down a column (col += m->tda), set inside a for
 * loop to a place that does not move with the loop's counter (col =
 * g->dz2->data; in the loop over j, where g->dz2->data + j belongs):
 * every pass walks the same column.  The line that sets it (its text
 * into text), or 0. */
int bp_srcline_fixed_start (const char *path, int line, char *text,
                            size_t len);

#endif /* BP_SRCLOOP_H */
