/* bugs.h -- the bug zoo: named, documented wrong backward passes.
 *
 * Each entry is a bp_backward_fn (grads.h) built from the layers of net.h
 * with one mistake of the kind students make when they write backprop by
 * hand ("report" has two, as the motivating student report did).  They
 * serve teaching, `gradcheck --inject NAME` and `nntrain --inject NAME`,
 * and the tests of gradcheck's diagnosis: each entry says what a correct
 * gradient check must find.  Shapes use the legend of net.h.
 *
 * Every entry fills all seven gradients, sets g->present = BP_GRADS_ALL
 * and allocates nothing. */

#ifndef BP_BUGS_H
#define BP_BUGS_H

#include <stddef.h>
#include "grads.h"

typedef struct bp_bug {
  const char *name;             /* "relu-mask-sign" */
  const char *summary;          /* one line for --list-bugs */
  bp_backward_fn *backward;
  /* What a correct gradcheck finds, per gradient in enum bp_grad_id order:
   * "ok", "inherited", or "root CAUSE" where CAUSE is a gradcheck cause
   * code; in scale:K, K may be written symbolically as N or 1/N (the batch
   * size). */
  const char *expect[BP_NGRADS];
} bp_bug;

/* Number of entries in the zoo. */
size_t bp_bugs_count (void);
/* Entry i, in a fixed order; NULL past the end. */
const bp_bug *bp_bug_get (size_t i);
/* The entry called name; NULL if there is none. */
const bp_bug *bp_bug_lookup (const char *name);

#endif /* BP_BUGS_H */
