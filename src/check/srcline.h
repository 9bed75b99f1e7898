/* srcline.h -- from the line that stored a wrong value to the line of the
 * mistake (private to the check layer).
 *
 * A store is often not where a student went wrong:
 *
 *     for (a = 0; a < N; a++)
 *       tmp += gsl_matrix_get (g->dp1, a, b);     <- the mistake: dp1
 *     gsl_vector_set (g->db1, b, tmp);            <- the store
 *
 * When what is stored is one variable, as it is, the nearest line shortly
 * before that computed it is the mistake's; a line that only starts the
 * variable off (tmp = 0) is not.  A store that computes (up > 0 ? up : 0)
 * stays where it is: it may itself be the mistake. */

#ifndef BP_SRCLINE_H
#define BP_SRCLINE_H

#include <stddef.h>

#include "slice.h"

/* The line of the mistake behind a store at line `line' of the C file
 * `path': that line, or, when it stores one variable as it is, the nearest
 * of the 12 lines before it (within the same function) that assigns it.  When
 * text is not NULL it receives that line, trimmed.  Returns the line, or
 * `line' itself when the file cannot be read. */
int bp_srcline_mistake (const char *path, int line, char *text, size_t len);

/* The value a store that makes an indicator itself ((p - (j == y[i] ? 1
 * : 0)) / N) reads beside it: the nearest of the 12 lines before it, in
 * its function, that assigns one of the store's plain variables and
 * neither compares nor heads a loop (double p = row[j] / sum;).  Returns
 * it (its text into text), or 0. */
int bp_srcline_value_made (const char *path, int line, char *text,
                           size_t len);

/* The store at line `store' reads a variable made at line `made' (db1[h]
 * += v;, the one variable it stores, or the one `made' assigns): does v
 * also go, as it is, into another array on a line between them or just
 * after (dp[h] = v;)?  Then v is right there, and the store read the
 * wrong variable. */
int bp_srcline_stored_elsewhere (const char *path, int made, int store);

/* The same for the store at column `column' (1-based; 0: not known) of
 * the line: of several statements on the line (*o = a; *w = z > 0 ? a :
 * 0;), the one the store belongs to is the statement that is read. */
int bp_srcline_mistake_at (const char *path, int line, int column,
                           char *text, size_t len);

/* The first line after line `line', in its function, that takes a value
 * away from gradient grad at a label (g->dz2->data[y[i]] -= scale;): a
 * one-hot subtracted after the store, at the wrong entries.  Returns it
 * (its text into text), or 0. */
int bp_srcline_later_onehot (const char *path, int line, const char *grad,
                             char *text, size_t len);

/* The one line of the function around line `line' that names name (a
 * wrong operand the store reads through arrays and views the slice does
 * not follow: gsl_matrix_const_row (cache->z2, i)); its text into text.
 * Returns it, or 0 when no line or several do. */
int bp_srcline_only_mention (const char *path, int line, const char *name,
                             char *text, size_t len);

/* Does line `line' name the operand for reading (const gsl_matrix *A =
 * cache->z1) under a name whose gradient, d and that name, the function
 * gives the operand's gradient (dA = g->dz1)?  Then the name means what it
 * holds, and its use where another operand belongs is the mistake. */
int bp_srcline_paired_alias (const char *path, int line,
                             const char *operand);

/* A scalar the function around line `line' makes from name before it
 * (const float lam = (float) reg;, double two_reg = 2 * reg;): its name
 * into alias.  Whether there is one. */
int bp_srcline_value_alias (const char *path, int line, const char *name,
                            char *alias, size_t len);

/* The line of the statement that starts at line `line' (it and the lines
 * continuing it, up to its ';') that mentions the identifier name
 * (cache->z1 mentions z1); its text, trimmed, into text when not NULL.
 * Returns it, or 0 when none does.  A wrong operand named by its cause is
 * looked for so. */
int bp_srcline_mentions (const char *path, int line, const char *name,
                         char *text, size_t len);

/* A gradient grad that adds onto what it held, never set to zero: when
 * the function of the store at `line' zeroes gradients and one of those
 * lines stands twice (gsl_vector_set_zero (g->db2); pasted where db1's
 * belongs), the one just after the reset of grad's partner (dW1 for
 * db1), or else the second; its text into text.  Returns it, or 0. */
int bp_srcline_repeated_reset (const char *path, int line, const char *grad,
                               char *text, size_t len);

/* A gradient that adds onto what it held although its function resets
 * it: the reset, before the store at `line', of the array stored into or
 * of the one it points into (memset (dp1, 0, N * C * sizeof *dp1) where
 * N * H belongs; a reset outside the loop it belongs in).  Returns it
 * (its text into text), or 0. */
int bp_srcline_short_reset (const char *path, int line, char *text,
                            size_t len);

/* Does the comparison on line `test' test the array that the statement
 * at `store' stores into (if (r[j] < 0) r[j] = 0;, a ReLU's own test)? */
int bp_srcline_self_test (const char *path, int test, int store);

/* A division by a wrong count, on line `line', by a variable named for
 * the samples (1.0 / num_train): where the function sets that variable
 * from a dimension (int num_train = probs->size2;, the classes), or,
 * when the variable is a parameter of the function, its one call, which
 * passes the count.  Returns it (its text into text), or 0. */
int bp_srcline_count_made (const char *path, int line, char *text,
                           size_t len);

/* Does the comparison on line `test', in a helper, test a parameter
 * that the call on line `call' gives something other than z1 or p1 (a
 * mask helper given dp1 where z1 belongs)?  (A helper that also reads
 * the values it tests elsewhere, relu_back (dp, dz) testing dp > 0 and
 * storing dp, is wrong in its body.) */
int bp_srcline_masks_argument (const char *path, int test, int call);

/* Does the statement at `line' store a value read from a variable that
 * its function also stores into operand (grad_hidden, stored into dp1 by
 * gsl_matrix_set (g->dp1, s, j, grad_hidden), added into db1)?  Then it
 * uses the operand under another name: `line', else 0. */
int bp_srcline_holds (const char *path, int line, const char *operand);

/* The factor that multiplies reg in the statement at `line', when it is
 * a named constant of the file (s->l2_grad_scale = 1.0;, #define L2 1.0):
 * the line that gives it its number, its text into text; or 0.  A
 * penalty's wrong factor lives there. */
int bp_srcline_constant (const char *path, int line, char *text,
                         size_t len);

/* Lines a and b (two roots with one cause) both use a variable that the
 * file sets once, from name (const double lambda = reg; in both weights'
 * penalties): one mistake, where it is set.  That line (its text into
 * text), or 0. */
int bp_srcline_shared_alias (const char *path, int a, int b,
                             const char *name, char *text, size_t len);

/* When line `line' adds an array into the gradient (gsl_matrix_add
 * (g->dW2, pen), also inside a macro's parentheses), the nearest line
 * before it in its function that scales that array (gsl_matrix_scale
 * (pen, reg)): where a penalty made on its own gets its factor.  Returns
 * it (its text into text), or 0. */
int bp_srcline_scaled_addend (const char *path, int line, char *text,
                              size_t len);

/* When line `line' adds an array into the gradient (gsl_matrix_add
 * (g->dW2, pen)), the copy before it that filled that array from
 * something other than a weight (gsl_matrix_memcpy (pen, g->dW2)): a
 * penalty made from the wrong matrix.  Returns it (its text into text),
 * or 0. */
int bp_srcline_addend_copy (const char *path, int line, char *text,
                            size_t len);

/* A sum over the samples that stops early: the nearest loop, or if that
 * bounds it (if (i < C)), at or above the store at line `line' (computed:
 * the line that computed what it stores, or 0), over an index that the
 * stored value reads but the store does not write (db2[k] += dz2[i][k]:
 * i).  Returns it (its text into
 * text), or 0. */
int bp_srcline_sample_loop (const char *path, int line, int computed,
                            char *text, size_t len);

/* An accumulator that is not set to zero for each entry: the nearest line
 * before the store at line `line', in the same function, that sets a
 * variable of the stored expression to a number (acc = 0;), the reset in
 * the wrong place.  Returns it (its text into text), or 0. */
int bp_srcline_reset (const char *path, int line, char *text, size_t len);

/* An array the store at `line' reads, cleared with a count of elements
 * where memset takes bytes: the nearest memset before the store, in its
 * function, of an array the store names, when its size has no sizeof
 * (memset (buf, 0, d * h), d * h / 8 doubles).  Returns it (its text
 * into text), or 0. */
int bp_srcline_byte_clear (const char *path, int line, char *text,
                           size_t len);

/* A sum run on from one entry into the next: the reset bp_srcline_reset
 * finds, of a plain variable, when it lies before a loop that holds the store (acc = 0.0;
 * for (k ...) { for (i ...) acc += ...; set (db2, k, acc); }).  Returns
 * it (its text into text), or 0. */
int bp_srcline_outer_reset (const char *path, int line, char *text,
                            size_t len);

/* A call that is given the same argument naming gradient grad twice
 * (l2 (g->dW1, g->dW1, reg), where the weights belong once; not
 * gsl_matrix_memcpy (g->dW1, dW1)): the first in the file.  Returns it
 * (its text into text), or 0. */
int bp_srcline_passed_twice (const char *path, const char *grad,
                             char *text, size_t len);

/* State kept from one call to the next: when the statement at line
 * `line' reads a variable declared static (static double acc[64];), an
 * if on a static flag before it in its function that resets it once
 * (if (first_time) ...), or else that declaration.  Returns it (its text
 * into text), or 0. */
int bp_srcline_kept_state (const char *path, int line, char *text,
                           size_t len);

/* What a store multiplies by, when it is made from the values of
 * operand where a mask belongs (dz1 = dp1 * p1): of the factors of the
 * statement at line `line', a helper's return (relu_prime (z) returning
 * z), or where a variable multiplied by was made (local = a[h];), or the
 * statement itself when it multiplies and reads operand, by name or
 * through a variable set from it.  Returns it (its text into text), or
 * 0. */
int bp_srcline_local_factor (const char *path, int line,
                             const char *operand, char *text, size_t len);

/* A product that adds into what it should set: the nearest line before
 * the store at line `line', in the same function, that calls a BLAS
 * product (dgemv, dgemm) with a beta other than 0 into a variable of the
 * stored expression.  Returns it (its text into text), or 0. */
int bp_srcline_blas_beta (const char *path, int line, char *text,
                          size_t len);

/* When the statement at line `line' is a BLAS product (gsl_blas_dgemm,
 * gsl_blas_dgemv) written over several lines, with a beta other than 0
 * on a later one of them: that line (its text into text), or 0. */
int bp_srcline_beta_line (const char *path, int line, char *text,
                          size_t len);

/* Does a statement after line `line', in its function, divide the array
 * name by a quotient (gsl_matrix_scale (dscores, 1.0 / N), s /= N)?  Its
 * line, or 0.  What line `line' read of it was not yet divided. */
int bp_srcline_scaled_later (const char *path, int line, const char *name);

/* Does the statement at line `line' read an array that a later
 * statement divides so (bp_srcline_scaled_later)?  That later line, or
 * 0. */
int bp_srcline_reads_unscaled (const char *path, int line);

/* A mask that a condition makes: the nearest of the 3 lines before the
 * store at line `line', in the same block, that is an if comparing (if
 * (p1 >= 0)).  Returns it (its text into text), or 0. */
int bp_srcline_condition (const char *path, int line, char *text,
                          size_t len);

/* A division lost (scale:N): the nearest scale by a quotient before the
 * store at line `line', in its function, when nothing after it reads
 * what it scaled but to free it (gsl_matrix_scale (onehot, 1.0 / N)
 * where dZ2 belongs); but the store, when what was scaled is a copy of
 * what the store copies (memcpy (scaled, diff); scale (scaled, 1.0 / n);
 * memcpy (g->dz2, diff)).  Returns it (its text into text), or 0. */
int bp_srcline_lost_division (const char *path, int line, char *text,
                              size_t len);

/* A value divided once too often (scale:1/N): when the store at line
 * `line' does not divide, the nearest of the 12 lines before it, in the
 * same function, that divides a variable of the stored expression (v /=
 * N).  Returns it (its text into text), or 0. */
int bp_srcline_division (const char *path, int line, char *text,
                         size_t len);

/* A gradient that is zero: the line before line `line', in the same
 * function, that gives a variable of the stored expression the value of
 * an integer division (invN = 1 / N, which is 0).  Returns it (its text
 * into text), or 0. */
int bp_srcline_int_division (const char *path, int line, char *text,
                             size_t len);

/* Is line `line' of path inside an if or an else (of its function)? */
int bp_srcline_in_branch (const char *path, int line);

/* A penalty missing from the store at line `line': a line after it in
 * the same function that adds a penalty (+= 2 * reg * W, axpy, _add with
 * reg) into what the store wrote or into a pointer to the gradient grad,
 * which would have been the last store had it run (it sits in a branch
 * not taken for this gradient, or a loop that stops short).  Returns it
 * (its text into text), or 0. */
int bp_srcline_later_penalty (const char *path, int line, const char *grad,
                              char *text, size_t len);

/* The one line of the file that calls the function name (exp), when one
 * alone does; with but_sums, leaving out the lines that add it into a
 * sum (s += exp (...)).  Returns it (its text into text), or 0. */
int bp_srcline_only_call (const char *path, const char *name, int but_sums,
                          char *text,
                          size_t len);

/* A gradient stored at line `store' in a helper of the file, whose call
 * at line `call' gives it reg under a parameter's name for the penalty's
 * strength (l2_grad (dW, W, reg) for double lambda, or r, lam or wd
 * when no call gives it 2 * reg; not for a plain
 * coefficient, double coef, which the caller should have doubled): the
 * last line of the helper's body, up to the store, that scales by that
 * parameter (*, /, a _scale call, an argument: a BLAS beta), where the
 * penalty's factor is written.  Returns it (its
 * text into text), or 0. */
int bp_srcline_penalty_parameter (const char *path, int store, int call,
                                  char *text, size_t len);

/* Does the statement at line `line' add a penalty onto the gradient it
 * stores, reading what it held (dW2[i][j] += 2 * reg * W2[i][j],
 * gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * reg * ...))? */
int bp_srcline_adds_penalty (const char *path, int line);

/* The line before line `line', within LOOK_BACK lines in its function,
 * that last gave the variable line `line' assigns a value other than a
 * constant (s += p1[i][j] * dz2[i][k]; before s += 2 * reg * W2[j][k];),
 * its text into text; 0 when there is none. */
int bp_srcline_assigned_before (const char *path, int line, char *text,
                                size_t len);

/* Does line `line' call the function that holds line `inner'? */
int bp_srcline_calls_line (const char *path, int line, int inner);

/* One of the three lines after line `line' that gives g's member grad to
 * a helper of the student's (a gradient cleared, then passed where it is
 * only read).  Returns it (its text into text), or 0. */
int bp_srcline_passed_after (const char *path, int line, const char *grad,
                             char *text, size_t len);

/* The nearest line from `line' back `back' lines, in its function, that
 * calls a function of the student's whose name holds part (softmax_rows
 * for "softmax").  Returns it (its text into text), or 0. */
int bp_srcline_calls_like (const char *path, int line, int back,
                           const char *part, char *text, size_t len);

/* Does the statement at line `line' subtract what it stores (a _sub
 * call, -=)?  Returns the line (its text into text), or 0. */
int bp_srcline_subtracts (const char *path, int line, char *text,
                          size_t len);

/* The nearest line before line `line', in its function, that subtracts
 * from an array's element another of its own elements in place (r[k] -=
 * r[m]).  Returns it (its text into text), or 0. */
int bp_srcline_self_shift (const char *path, int line, char *text,
                           size_t len);

/* A gradient grad that no line stored: the line of path that copies
 * from g's member the wrong way round (memcpy (dh, g->dp1->data, ...)),
 * or a return in a helper given it that leaves before it mentions it.
 * Returns it (its text into text), or 0. */
int bp_srcline_never_stored (const char *path, const char *grad, char *text,
                             size_t len);

/* The first line of path that hands an input's member (prob, of
 * cache->prob) out for writing: dscores = cache->prob, a cast that drops
 * its const, or a GSL call that writes into it.  Returns it (its text
 * into text), or 0. */
int bp_srcline_writable_input (const char *path, const char *member,
                               char *text, size_t len);

/* When line `line' copies a view into the gradient (gsl_matrix_memcpy
 * (g->dW2, &back.matrix)), the line before it that made that view by
 * reshaping a block (back = gsl_matrix_view_array (t->data, H, C)): a
 * transpose read as a reshape.  Returns it (its text into text), or 0. */
int bp_srcline_reshaped_copy (const char *path, int line, char *text,
                              size_t len);

/* When the store at line `line' stores one variable as it is (d), the
 * line before it in its function that divides that variable (d = d / N;)
 * when it lies inside an if or else: a division that only some entries
 * get.  Returns it (its text into text), or 0. */
int bp_srcline_branch_division (const char *path, int line, char *text,
                                size_t len);

/* The first line after line `line', in its function, that views the
 * gradient grad's block as a vector or another shape (gsl_vector_view_array
 * (g->dz2->data, N)): a view that may cover too few of its entries.
 * Returns it (its text into text), or 0. */
int bp_srcline_later_view (const char *path, int line, const char *grad,
                           char *text, size_t len);

/* The nearest line before line `line', in its function, that stores 0
 * into an array (a mask's zero: gsl_matrix_set (dz1T, h, n, 0.0);), that
 * array's name into name.  Returns it, or 0. */
int bp_srcline_zeroed_before (const char *path, int line, char *name,
                              size_t len);

/* The first line after line `from', before the store at line `store',
 * that stores what value holds, or something made from it, into a
 * variable the store reads (hsum[j] += d; ... db1[j] = hsum[j]).
 * Returns it (its text into text), or 0. */
int bp_srcline_feeds_store (const char *path, int from, int store,
                            const char *value, char *text, size_t len);

/* The first line after line `from', up to line `to', that names both
 * a and b (dh and dW1 in mm (X, dh, g->dW1)).  Returns it (its text
 * into text), or 0. */
int bp_srcline_named_with (const char *path, int from, int to,
                           const char *a, const char *b, char *text,
                           size_t len);

/* Does a line after the statement at line `from', up to line `to',
 * name name (but to free it)? */
int bp_srcline_read_between (const char *path, int from, int to,
                             const char *name);

/* The first line before line `line' in its function that adds a penalty
 * of weight (reg and W1 named) into an array (its name into target).
 * Returns the line, or 0. */
int bp_srcline_penalty_elsewhere (const char *path, int line,
                                  const char *weight, char *target,
                                  size_t len);

/* A gradient that adds onto what it held, stored at line `line' in a
 * helper that sets its outputs to zero only under if (!flag), flag one of
 * its parameters (an "accumulate" switch): the one call of the helper
 * that gives it true (or 1).  Returns it (its text into text), or 0. */
int bp_srcline_flag_call (const char *path, int line, char *text,
                          size_t len);

/* A store at line `line' that reads a member of a struct of the
 * student's (L->reg): the designated initialiser for gradient grad
 * ({ .W = net->W1, .dW = g->dW1, ... }) that leaves member out while
 * another initialiser gives it, so that it is zero.  Returns it (its text
 * into text), or 0. */
int bp_srcline_member_left_out (const char *path, int line,
                                const char *grad, const char *member,
                                char *text, size_t len);

/* Is line `line' after line `def' and in the block that holds def (no
 * line between them but blanks and comments less indented than def): in
 * the scope of what def declares? */
int bp_srcline_in_block (const char *path, int def, int line);

/* Are lines a and b of path in the same function? */
int bp_srcline_same_function (const char *path, int a, int b);

/* The first line after line `line', in its function, that stores the
 * constant 0 into the gradient grad (gsl_matrix_set (g->dz1, n, k, 0.0),
 * the mask's zero); its text into text; or 0. */
int bp_srcline_zeroing_after (const char *path, int line, const char *grad,
                              char *text, size_t len);

/* The test that guards the store at line `line': the if around it when
 * it compares; when it tests a flag (if (dead[i])), the line before that
 * sets the flag by a comparison (dead[i] = p1[i] < 0.0;).  Its text into
 * text; or 0. */
int bp_srcline_mask_test (const char *path, int line, char *text,
                          size_t len);

/* Does a line of the function around line `line' store the array name
 * divided into one of g's gradients (gsl_matrix_set (g->dz2, i, c,
 * dscores[i * C + c] / N))?  Then name itself is the unscaled copy. */
int bp_srcline_divided_into_gradient (const char *path, int line,
                                      const char *name);

/* A helper of the file named for the ReLU's derivative or mask (relu_*,
 * *_mask, *deriv*), called within the 12 lines before the store at line
 * `line' in its function: the last line of its body that stores or
 * returns a value (gsl_matrix_set (m, i, j, v > 0 ? v : 0.0), return
 * gsl_matrix_memcpy (d, cache->p1)), where a derivative made of values
 * is written.  Its text into text; or 0. */
int bp_srcline_mask_helper_store (const char *path, int line, char *text,
                                  size_t len);

/* A run of lines that scale g's gradients one by one (gsl_matrix_scale
 * (g->dW2, invN); ...), in which grad is missing and another gradient
 * is scaled twice: the second of those lines (pasted, and not changed to
 * grad), its text into text; or 0. */
int bp_srcline_scaled_instead (const char *path, const char *grad,
                               char *text, size_t len);

/* The whole copy at line `copy' reads a scratch array that line `made'
 * filled: was that array copied into another of g's gradients before
 * `made' (gsl_matrix_memcpy (g->dp1, work); then work refilled with the
 * mask; then gsl_matrix_memcpy (g->dz1, work))?  Then the scratch was
 * reused too early, and the copy took what it no longer holds. */
int bp_srcline_scratch_reused (const char *path, int copy, int made);

/* The store at line `line', or a line shortly before it, that copies
 * into grad a scratch array reused so (bp_srcline_scratch_reused); its
 * text into text; or 0. */
int bp_srcline_scratch_copy (const char *path, int line, const char *grad,
                             char *text, size_t len);

/* The line, before line `line' in its function, that declares or sets
 * the variable `alias' as the gradient grad itself (gsl_matrix *dz1 =
 * g->dp1;, tmp = g->dp1;), its text into text; or 0. */
int bp_srcline_alias_of (const char *path, int line, const char *alias,
                         const char *grad, char *text, size_t len);

/* The nearest of the 12 lines before line `line', in the same function,
 * that mentions the identifier name (a view of the wrong operand made just
 * before the store that uses it).  Returns it (its text into text), or
 * 0. */
int bp_srcline_named_before (const char *path, int line, const char *name,
                             char *text, size_t len);

#ifdef HAVE_LIBDW
# include <elfutils/libdwfl.h>

/* The source line of code address addr in module mod, as the student
 * wrote it: when addr lies in a function inlined from a header outside
 * the student's sources (GSL's gsl_matrix_set, under HAVE_INLINE), the
 * line of the student's code that called it.  Sets *file (owned by libdw),
 * *line and *column (0 when not known) and returns 0, or returns -1 when
 * addr has no line. */
int bp_srcline_at (Dwfl_Module *mod, Dwarf_Addr addr, const char **file,
                   int *line, int *column);
#endif

#endif /* BP_SRCLINE_H */
