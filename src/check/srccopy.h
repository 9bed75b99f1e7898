/* srccopy.h -- from a store that copies to where what it copies was
 * made (private to the check layer).
 *
 * Students often build a gradient in an array of their own and copy it
 * into g at the end:
 *
 *     gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dh, 0.0, t);
 *     ...                                       <- the mistake: t is all
 *     gsl_matrix_memcpy (g->dW1, t);            <- the store
 *
 * The store is right for what it copies; these find the line that made
 * the copied array, and the penalty mistakes that copies hide. */

#ifndef BP_SRCCOPY_H
#define BP_SRCCOPY_H

#include <stddef.h>

/* When line `line' copies an array into the gradient (memcpy (g->dz2->data,
 * dz2, ...), gsl_matrix_memcpy (g->dW1, dW1), a workspace's
 * gsl_matrix_memcpy (g->dz2, ws->dscores)), or stores one element of an
 * array as it is (gsl_matrix_set (g->dz1, i, j, drelu[i][j])), the nearest
 * line before it in the same function that stores into that array
 * (drelu[i][j] = ...), or calls a stage of the file that does
 * (relu_back ();): where the copied values were made.  Returns it (its
 * text into text when not NULL), or 0. */
int bp_srcline_copied (const char *path, int line, char *text, size_t len);

/* When line `made', which bp_srcline_copied gave for the copy at line
 * `copy', calls a helper of the file that stores into the copied array
 * (softmax_grad (cache->prob, y, gl.dscores)), the helper's last line
 * that stores into it, under the parameter's name.  Returns it (its
 * text into text), or 0. */
int bp_srcline_made_in_helper (const char *path, int copy, int made,
                               char *text, size_t len);

/* When line `line' stores, in a helper of the file, an array it was given
 * (a copy_in (dst, src) shared by every gradient), the helper's call that
 * names gradient grad (copy_in (g->dz2, dscores)) and, before it, the
 * nearest line that stores into an array the call passes: where the
 * copied values were made.  Returns it (its text into text), or 0. */
int bp_srcline_copied_helper (const char *path, int line, const char *grad,
                              char *text, size_t len);

/* Is the statement at line `line' a copy (gsl_matrix_memcpy (g->dW1,
 * data_W1)) of an array that another statement of its function takes
 * into a new variable (dW1 = plus (data_W1, reg_W1);): a temporary
 * copied where the result made from it belongs? */
int bp_srcline_superseded (const char *path, int line);

/* The copy into the gradient grad (gsl_matrix_memcpy (g->dz2, prob)), at
 * or before line `line' in its function, that follows an earlier copy into
 * grad and the lines that changed it (the one subtracted at the labels):
 * a copy made again that throws that work away.  Returns its line (its
 * text into text), or 0. */
int bp_srcline_recopied (const char *path, int line, const char *grad,
                         char *text, size_t len);

/* The statement at line `line', or the nearest before it in its
 * function that makes an array line `line' reads, when it gives the
 * values of the array name another shape without moving them (a memcpy
 * or memmove of its data, a gsl_matrix_view_array of it): its line (its
 * text into text), or 0. */
int bp_srcline_reshapes (const char *path, int line, const char *name,
                         char *text, size_t len);

/* Does the call on line `line' give a literal zero (0, 0.0, 0.0f) as an
 * argument (linear_backward (X, W1, dz1, 0.0, ...) where reg belongs), or
 * the initialiser on it as a member (fc1 = { X, W1, 0.0, ... })? */
int bp_srcline_zero_argument (const char *path, int line);

/* The line of the function around `line' that copies one variable into
 * the gradient `operand' (gsl_matrix_memcpy (g->dp1, &dh.matrix)): the
 * name the function gives that gradient (dh, into name).  Returns the
 * line, or 0. */
int bp_srcline_copied_from (const char *path, int line, const char *operand,
                            char *name, size_t len);

#endif /* BP_SRCCOPY_H */
