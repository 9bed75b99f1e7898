/* sgd-fast.c -- bp_train_fast: the algorithm of bp_train (train.c), tuned
 * for the library's own backward pass.  Two things differ.
 *
 * The penalty.  The backward pass runs with reg 0 and the update adds the
 * penalty's gradient 2 reg W as it reads dtheta: bp_l2_backward's
 * arithmetic, bit for bit, without a pass of its own over the weights.
 *
 * The velocity.  With v the step just taken, v = theta - last, the
 * parameters before it; keeping `last' does without v, and the new
 * parameters overwrite it:
 *   v' = momentum (theta - last) - lr (dtheta + 2 reg theta)
 *   next = theta + v'
 * The two parameter sets alternate between the net and a spare, so the
 * parameters a step starts from survive it, for a rollback when the next
 * loss is not finite, and the update streams three arrays, not four (a
 * separate v and a copy of theta for the rollback made training about a
 * tenth slower).  The update also sums |next|^2 of the weights while the
 * values are in registers: the reg term of the next loss needs it, and a
 * pass of its own cost more than 1%.
 *
 * Recomputing v as theta - last rounds differently from keeping v, so the
 * parameters differ from bp_train's in the last bits; checks/t-sgd-fast
 * holds the two within 1e-9 of each other. */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/backward.h"
#include "backprop/train.h"
#include "loop.h"

/* The momentum step for the n parameters theta (see above), writing next
 * over last; returns |next|^2.  With OpenMP, the threads that BLIS uses
 * between its matrix products share the loop. */
static double
sgd_step (const double *restrict theta, double *restrict last_next,
          const double *restrict dtheta, size_t n, double reg, double lr,
          double momentum)
{
  double sq = 0.0;

#ifdef _OPENMP
#pragma omp parallel for simd reduction (+:sq) if (n > 10000)
#endif
  for (size_t i = 0; i < n; i++)
    {
      double d = dtheta[i] + 2.0 * reg * theta[i];
      double v = momentum * (theta[i] - last_next[i]) - lr * d;
      last_next[i] = theta[i] + v;
      sq += last_next[i] * last_next[i];
    }
  return sq;
}

/* The step for every parameter, from `from' into `to', which holds the
 * parameters before `from', adding 2 reg W to the weights' gradients;
 * returns |W1|^2 + |W2|^2 of the new parameters. */
static double
sgd_net (const bp_net *from, bp_net *to, const bp_grads *g, double reg,
         double lr, double momentum)
{
  const struct { const double *at; size_t n; int weights; } part[] = {
    { from->W1->data, from->D * from->H, 1 },
    { from->b1->data, from->H, 0 },
    { from->W2->data, from->H * from->C, 1 },
    { from->b2->data, from->C, 0 },
  };
  double wsq = 0.0;

  for (size_t k = 0; k < sizeof part / sizeof part[0]; k++)
    {
      size_t at = (size_t) (part[k].at - from->theta->data);
      double sq = sgd_step (from->theta->data + at, to->theta->data + at,
                            g->dtheta->data + at, part[k].n,
                            part[k].weights ? reg : 0.0, lr, momentum);
      if (part[k].weights)
        wsq += sq;
    }
  return wsq;
}

int
bp_train_fast (bp_net *net, const bp_dataset *train, const bp_dataset *val,
               const bp_preproc *pp, const bp_train_params *p, gsl_rng *rng,
               bp_history **hist)
{
  bp_net *cur = net, *prev = net; /* this step's parameters, the last's */
  bp_net *spare;
  double wsq;                   /* |W1|^2 + |W2|^2 of cur */
  struct sgd_run r;
  int status;

  if (hist)
    *hist = NULL;
  if (p->backward != NULL && p->backward != bp_net_backward)
    GSL_ERROR ("train_fast: only for the library's backward pass",
               GSL_EINVAL);
  if ((status = sgd_run_begin (&r, net, train, val, pp, p)) != 0)
    return status;
  spare = bp_net_alloc (net->D, net->H, net->C);
  if (spare == NULL)
    {
      sgd_run_free (&r);
      return GSL_ENOMEM;
    }
  bp_net_memcpy (spare, net);   /* "before" the first step: v = 0 */
  wsq = bp_net_reg_loss (net, 1.0);
  for (size_t it = 0; it < r.iters; it++)
    {
      status = sgd_batch (&r, it, rng);
      if (status == 0)
        status = bp_net_forward (cur, r.X, r.cache);
      if (status == 0)
        status = sgd_record (&r, it, bp_net_data_loss (r.cache, r.y)
                             + p->reg * wsq);
      if (status == GSL_ERUNAWAY && it > 0)
        cur = prev;             /* undo the step that led here */
      if (status == 0)
        status = bp_net_backward (cur, r.X, r.y, 0.0, r.cache, r.g);
      if (status)
        break;
      prev = cur;
      cur = cur == net ? spare : net;
      wsq = sgd_net (prev, cur, r.g, p->reg, r.lr, p->momentum);
      if ((status = sgd_step_done (&r, it, cur)) != 0)
        break;
    }
  if (cur != net)
    bp_net_memcpy (net, cur);
  bp_net_free (spare);
  sgd_run_end (&r, hist);
  return status;
}
