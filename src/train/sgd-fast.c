/* sgd-fast.c -- bp_train_fast: the algorithm of bp_train (train.c), tuned
 * for the library's own backward pass.  Three things differ.
 *
 * The threads.  The matrix products of a 200-sample batch are too small
 * for two BLAS threads to share well: they meet at several barriers in
 * each product.  So each thread takes a share of the batch (a shard:
 * rows lo to lo + n), gathers, forwards and backpropagates it alone, the
 * BLAS on one thread inside it, into gradients of its own; the update
 * then takes the batch's gradient as the shards' gradients weighted by
 * n / B, each thread updating a part of the parameters.  Paired runs of
 * nntrain's 784-100-10 net took a tenth less time so than with the
 * BLAS's two threads.  With one thread, the one shard is the batch.
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
 * Recomputing v as theta - last rounds differently from keeping v, and
 * shards add their samples' terms in another order than one product
 * does, so the parameters differ from bp_train's in the last bits;
 * checks/t-sgd-fast holds the two within 1e-9 of each other, on one
 * thread and on two.  The shards are fixed by the number of threads, so
 * a run repeats itself to the bit on the same number of threads. */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#ifdef _OPENMP
# include <omp.h>
#endif

#include "backprop/backward.h"
#include "backprop/train.h"
#include "loop.h"

/* Below this many multiply-adds in a step's first product (B D H), one
 * thread does the whole batch: the threads' meetings would cost more
 * than they save. */
#define SHARD_MIN_WORK 1000000

/* One thread's share of the batch: rows lo to lo + n of the run's batch
 * and cache, and gradients of its own. */
struct shard {
  size_t lo, n;
  gsl_matrix_view X, z1, p1, z2, prob;
  bp_cache cache;               /* (n, H, C) views of the run's cache */
  bp_grads *g;                  /* (n, D, H, C) */
  double loss;                  /* the mean data loss of its rows */
  double sq;                    /* its thread's part of |next|^2 */
  int status;
};

/* The batch cut into T shards, a thread to each. */
struct shards {
  size_t T;
  struct shard *s;              /* (T) */
  double **grad;                /* (T) each shard's dtheta */
  double *weight;               /* (T) its share of the batch, n / B */
};

/* The number of shards for the run: the threads OpenMP would use, at
 * most one per sample, and one for a small step. */
static size_t
shard_count (const struct sgd_run *r, const bp_net *net)
{
  size_t B = r->p->batch, T = 1;

#ifdef _OPENMP
  T = (size_t) omp_get_max_threads ();
#endif
  if (B * net->D * net->H < SHARD_MIN_WORK)
    return 1;
  return GSL_MIN (T, B);
}

static void
shards_free (struct shards *sh)
{
  for (size_t k = 0; sh->s != NULL && k < sh->T; k++)
    bp_grads_free (sh->s[k].g);
  free (sh->s);
  free (sh->grad);
  free (sh->weight);
}

/* The run's batch cut into T shards, as even as the rows allow; a GSL
 * error code (through the handler) when memory runs out. */
static int
shards_alloc (struct shards *sh, const struct sgd_run *r, const bp_net *net,
              size_t T)
{
  size_t B = r->p->batch, H = net->H, C = net->C;
  const bp_cache *c = r->cache;
  int ok;

  sh->T = T;
  sh->s = calloc (T, sizeof *sh->s);
  sh->grad = malloc (T * sizeof *sh->grad);
  sh->weight = malloc (T * sizeof *sh->weight);
  ok = sh->s != NULL && sh->grad != NULL && sh->weight != NULL;
  for (size_t k = 0; ok && k < T; k++)
    {
      struct shard *s = &sh->s[k];
      s->lo = B * k / T;
      s->n = B * (k + 1) / T - s->lo;
      s->X = gsl_matrix_submatrix (r->X, s->lo, 0, s->n, net->D);
      s->z1 = gsl_matrix_submatrix (c->z1, s->lo, 0, s->n, H);
      s->p1 = gsl_matrix_submatrix (c->p1, s->lo, 0, s->n, H);
      s->z2 = gsl_matrix_submatrix (c->z2, s->lo, 0, s->n, C);
      s->prob = gsl_matrix_submatrix (c->prob, s->lo, 0, s->n, C);
      s->cache = (bp_cache) { s->n, H, C, &s->z1.matrix, &s->p1.matrix,
                              &s->z2.matrix, &s->prob.matrix };
      s->g = bp_grads_alloc (s->n, net->D, H, C);
      if ((ok = s->g != NULL))
        {
          sh->grad[k] = s->g->dtheta->data;
          sh->weight[k] = (double) s->n / (double) B;
        }
    }
  if (!ok)
    {
      shards_free (sh);
      GSL_ERROR ("cannot allocate the batch's shards", GSL_ENOMEM);
    }
  return 0;
}

/* The first nonzero status of the shards, else 0. */
static int
shards_status (const struct shards *sh)
{
  for (size_t k = 0; k < sh->T; k++)
    if (sh->s[k].status)
      return sh->s[k].status;
  return 0;
}

/* This thread's shard: the one of its number in the team. */
static struct shard *
my_shard (struct shards *sh)
{
#ifdef _OPENMP
  return &sh->s[omp_get_thread_num ()];
#else
  return &sh->s[0];
#endif
}

/* Gather the rows idx (B) into the batch and forward them, each thread
 * its shard; the batch's mean data loss in *loss. */
static int
forward_shards (struct sgd_run *r, const bp_net *net, const size_t *idx,
                struct shards *sh, double *loss)
{
#ifdef _OPENMP
#pragma omp parallel num_threads (sh->T) if (sh->T > 1)
#endif
  {
    struct shard *s = my_shard (sh);
    s->status = bp_dataset_batch (r->train, r->pp, idx + s->lo, 0,
                                  &s->X.matrix, r->y + s->lo);
    if (s->status == 0)
      s->status = bp_net_forward (net, &s->X.matrix, &s->cache);
    if (s->status == 0)
      s->loss = bp_net_data_loss (&s->cache, r->y + s->lo);
  }
  *loss = sh->s[0].loss;
  if (sh->T > 1)
    {
      *loss = 0.0;
      for (size_t k = 0; k < sh->T; k++)
        *loss += sh->weight[k] * sh->s[k].loss;
    }
  return shards_status (sh);
}

/* The momentum step (see above) of one parameter, from theta into
 * *last_next, which holds its value before theta, with gradient g. */
static inline double
momentum_step (double theta, double *last_next, double g, double reg,
               double lr, double momentum)
{
  double d = g + 2.0 * reg * theta;
  double v = momentum * (theta - *last_next) - lr * d;
  *last_next = theta + v;
  return *last_next;
}

/* The step for parameters lo to hi of the range that starts at `at' in
 * theta, into last_next; the gradient is the shards' weighted sum.
 * Returns the sum of |next|^2 over them.  One shard or two are read in
 * the one loop; a third and more are first added into the second. */
static double
sgd_step (const double *restrict theta, double *restrict last_next,
          const struct shards *sh, size_t at, size_t lo, size_t hi,
          double reg, double lr, double momentum)
{
  const double *g0 = sh->grad[0] + at;
  double *g1 = sh->T > 1 ? sh->grad[1] + at : NULL;
  double w0 = sh->weight[0], w1 = sh->T > 1 ? sh->weight[1] : 0.0;
  double sq = 0.0;

  for (size_t k = 2; k < sh->T; k++)
    {
      const double *gk = sh->grad[k] + at;
      double wk = sh->weight[k] / w1;
#pragma omp simd
      for (size_t i = lo; i < hi; i++)
        g1[i] += wk * gk[i];
    }
  if (g1 == NULL)
    {
#pragma omp simd reduction (+:sq)
      for (size_t i = lo; i < hi; i++)
        {
          double next = momentum_step (theta[i], &last_next[i], g0[i], reg,
                                       lr, momentum);
          sq += next * next;
        }
    }
  else
    {
#pragma omp simd reduction (+:sq)
      for (size_t i = lo; i < hi; i++)
        {
          double next = momentum_step (theta[i], &last_next[i],
                                       w0 * g0[i] + w1 * g1[i], reg, lr,
                                       momentum);
          sq += next * next;
        }
    }
  return sq;
}

/* Backpropagate the batch, each thread its shard, then step every
 * parameter from `from' into `to', which holds the parameters before
 * `from', adding 2 reg W to the weights' gradients, each thread a part of
 * each range; |W1|^2 + |W2|^2 of the new parameters in *wsq. */
static int
backward_and_step (struct sgd_run *r, const bp_net *from, bp_net *to,
                   struct shards *sh, double *wsq)
{
  const struct { const double *at; size_t n; int weights; } part[] = {
    { from->W1->data, from->D * from->H, 1 },
    { from->b1->data, from->H, 0 },
    { from->W2->data, from->H * from->C, 1 },
    { from->b2->data, from->C, 0 },
  };
  const bp_train_params *p = r->p;
  size_t T = sh->T;

#ifdef _OPENMP
#pragma omp parallel num_threads (T) if (T > 1)
#endif
  {
    struct shard *s = my_shard (sh);
    size_t k = (size_t) (s - sh->s);
    s->sq = 0.0;
    s->status = bp_net_backward (from, &s->X.matrix, r->y + s->lo, 0.0,
                                 &s->cache, s->g);
#ifdef _OPENMP
#pragma omp barrier
#endif
    for (size_t j = 0; j < sizeof part / sizeof part[0]; j++)
      {
        size_t at = (size_t) (part[j].at - from->theta->data);
        size_t n = part[j].n, lo = n * k / T, hi = n * (k + 1) / T;
        double sq;
        if (shards_status (sh) != 0)
          break;
        sq = sgd_step (from->theta->data + at, to->theta->data + at, sh,
                       at, lo, hi, part[j].weights ? p->reg : 0.0, r->lr,
                       p->momentum);
        if (part[j].weights)
          s->sq += sq;
      }
  }
  *wsq = 0.0;
  for (size_t k = 0; k < T; k++)
    *wsq += sh->s[k].sq;
  return shards_status (sh);
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
  struct shards sh;
  int status;

  if (hist)
    *hist = NULL;
  if (p->backward != NULL && p->backward != bp_net_backward)
    GSL_ERROR ("train_fast: only for the library's backward pass",
               GSL_EINVAL);
  if ((status = sgd_run_begin (&r, net, train, val, pp, p)) != 0)
    return status;
  if ((status = shards_alloc (&sh, &r, net, shard_count (&r, net))) != 0)
    {
      sgd_run_free (&r);
      return status;
    }
  spare = bp_net_alloc (net->D, net->H, net->C);
  if (spare == NULL)
    {
      shards_free (&sh);
      sgd_run_free (&r);
      return GSL_ENOMEM;
    }
  bp_net_memcpy (spare, net);   /* "before" the first step: v = 0 */
  wsq = bp_net_reg_loss (net, 1.0);
  for (size_t it = 0; it < r.iters; it++)
    {
      double loss;
      status = forward_shards (&r, cur, sgd_order (&r, it, rng), &sh,
                               &loss);
      if (status == 0)
        status = sgd_record (&r, it, loss + p->reg * wsq);
      if (status == GSL_ERUNAWAY && it > 0)
        cur = prev;             /* undo the step that led here */
      if (status)
        break;
      status = backward_and_step (&r, cur, cur == net ? spare : net, &sh,
                                  &wsq);
      if (status)
        break;
      prev = cur;
      cur = cur == net ? spare : net;
      if ((status = sgd_step_done (&r, it, cur)) != 0)
        break;
    }
  if (cur != net)
    bp_net_memcpy (net, cur);
  bp_net_free (spare);
  shards_free (&sh);
  sgd_run_end (&r, hist);
  return status;
}
