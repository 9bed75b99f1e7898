/* place.h -- from a root gradient's wrong entries to the line of the
 * mistake (private to the check layer).
 *
 * The sandbox records which line stored each entry of each gradient.  A
 * root's wrong entries were last stored at a line that is often not
 * where the student went wrong: a sum stored after its loop, a
 * temporary copied into g, a helper called with the wrong array.  These
 * follow the cause the check found (an operand, a penalty, a scale, a
 * mask) from that store to the line a teacher would circle, with the
 * source-reading modules srcline, srcloop, srccopy, srcmacro, srchelper
 * and slice. */

#ifndef BP_PLACE_H
#define BP_PLACE_H

#include "backprop/gradcheck.h"
#include "backprop/sandbox.h"
#include "slice.h"

/* Where the mistake behind root g was made, from the stores into its
 * wrong entries that the sandbox's result res recorded: w moved to that
 * line (its file, line and text); 1, or 0 when none is known.  right:
 * the lines that make the right gradients, no root's mistake.
 *  - adding onto what the gradient held: the first store, which read it;
 *  - a wrong operand, or a wrong penalty: the line of the last store's
 *    statement that names the operand (reg), or of the line that computed
 *    the variable it stores, or else of the first
 *    store's (a product from the wrong operand, to which a right penalty
 *    was added after; a bias started off with a penalty); an operand
 *    also at the line shortly before the store that names it (a view),
 *    or at the call that gives it to the helper that stores;
 *    a store that reads the operand's value under another name stays;
 *  - a penalty term otherwise: the last store or, when that is in a
 *    helper that does not name reg, the helper's call that passes reg
 *    for this gradient (a missing one: the helper's call for it, unless
 *    the helper makes the penalty and loses it);
 *  - what the cause shows (reg, the operand, a mask's test, a minus for
 *    a sign, a division for a scale below 1): the nearest line back along
 *    what the store reads that shows it (a temporary scaled, a mask
 *    built, a one-hot subtracted the wrong way round), or the if the
 *    store is inside;
 *    = where += belongs, a softmax's denominator or its reset, or the
 *    count a wrong division divides by where it is set;
 *  - a ReLU mask: the if that makes it, just before the store; a forward
 *    ReLU or a mask helper given the gradient, or its inputs swapped:
 *    the helper's call;
 *  - an accumulator not reset for each entry: the reset, misplaced; one
 *    that adds onto what it held: a reset of the wrong size or of another
 *    gradient;
 *  - a sum over only the first samples: the loop over the samples (also
 *    where the sum is stored first, in a helper); wrong entries in the
 *    last samples: a loop that stops one short; in the first sample
 *    only (or a bias's first entry): a loop that starts at 1, and does
 *    not store them, or one that counts down and stops above 0;
 *  - a few wrong entries: an array the store reads cleared in elements
 *    where memset counts bytes; a sum's accumulator reset once, before
 *    the loop that holds the store;
 *  - an index mix-up of unknown kind: an index macro only this root uses,
 *    or a row length of another shape;
 *  - a gradient that is zero: a factor of the stored value made by an
 *    integer division (1 / N);
 *  - else where the stored value was computed: the line before the store
 *    that made the variable it stores, or the store of the array that a
 *    copy copied; for entries never stored in the first or last rows or
 *    columns, the loop's bound. */
int bp_place_root (const bp_gradcheck *c, const bp_gradcheck_grad *g,
                   bp_sandbox_result *res, bp_sandbox_line *w,
                   const bp_slice_lines *right);

/* When the store at w copies into g, whole, an array that a struct of
 * the student's holds (gsl_matrix_memcpy (g->dW1, G.dW1): gradients kept
 * in a struct of their own), w moved to where that array was made, as if
 * that were the store; 1, or 0 when w is no such copy. */
int bp_place_unwrap (bp_sandbox_line *w);

/* Two roots with the same cause placed at two calls of one helper of the
 * student's (l2 (dW2, W2, reg); l2 (dW1, W1, reg)), or at one call that
 * serves both: both moved to the one mistake, in the helper, where its
 * body shows the cause, or to the one alias of reg they use.  placed[id]:
 * whether w[id] holds a root's place. */
void bp_place_shared (const bp_gradcheck *c, bp_sandbox_line w[BP_NGRADS],
                      const int placed[BP_NGRADS]);

/* A root gradient id that no line stored: in the file of a gradient whose
 * store is known (known[j]), the line that copies from it the wrong way
 * round or a return in a helper given it that leaves before it is
 * written.  Moves w[id] there and returns 1, or returns 0. */
int bp_place_never_stored (int id, bp_sandbox_line w[BP_NGRADS],
                           const int known[BP_NGRADS]);

#endif /* BP_PLACE_H */
