/* guard.h -- run work that calls untrusted code many times (training with
 * a student's backward pass) in a child process, watched for progress.
 *
 * The sandbox (sandbox.h) runs one call of a backward pass in a child.
 * Training calls it thousands of times, so the whole training runs in one
 * child instead: bp_guard_run forks, the child runs fn and reports each
 * step done with bp_guard_beat, and the parent kills it when no report
 * comes for `idle' seconds.  The child inherits the descriptors: what it
 * prints and the files it writes are its own.  A crash, a hang or an exit
 * of the student's code comes back to the parent as one line. */

#ifndef BP_GUARD_H
#define BP_GUARD_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "data.h"
#include "error.h"
#include "net.h"
#include "train.h"

typedef struct bp_guard bp_guard;

/* The work done in the child; its value (0 to 255) is the child's status. */
typedef int bp_guard_fn (void *data, bp_guard *guard);

/* Run fn (data, guard) in a child process and wait for it, killing it when
 * bp_guard_beat is not called for `idle' seconds.  name is the untrusted
 * code's, for messages ("./backward.so").  Returns 0 with fn's value in
 * *status when fn returned; GSL_EFAILED with err's one line when the child
 * was killed by a signal, was killed for making no progress, or exited
 * without returning from fn (the code called exit), each with the last
 * step reported ("./backward.so: killed by SIGSEGV in step 12"); or
 * GSL_EFAILED when no child can be started. */
int bp_guard_run (bp_guard_fn *fn, void *data, const char *name,
                  double idle, int *status, bp_error *err);

/* In the child: step (1-based; 0 for work before the first step) is done
 * or under way, and the work is alive. */
void bp_guard_beat (bp_guard *guard, size_t step);

/* In the child: the work on step (as for bp_guard_beat) may take up to
 * `seconds' (if more than the idle limit) before the next report: a
 * check of the untrusted code, with time limits of its own. */
void bp_guard_allow (bp_guard *guard, size_t step, int seconds);

/* bp_train with an untrusted backward pass p->backward (a student's shared
 * object, named name in messages), run in a child by bp_guard_run: the
 * child trains, calling p->progress and p->check there (a check's output
 * is the child's), and reports each step; the net's parameters and the
 * history come back.  Returns what bp_train returned, with net and *hist
 * as bp_train leaves them; or GSL_EFAILED with err's one line, *hist NULL
 * and net unchanged, when the child crashed, made no progress for idle
 * seconds or called exit; or GSL_ENOMEM. */
int bp_train_guarded (bp_net *net, const bp_dataset *train,
                      const bp_dataset *val, const bp_preproc *pp,
                      const bp_train_params *p, gsl_rng *rng,
                      bp_history **hist, const char *name, double idle,
                      bp_error *err);

#endif /* BP_GUARD_H */
