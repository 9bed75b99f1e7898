/* t-sgd-fast.c -- bp_train_fast, the tuned training of nntrain, against
 * bp_train, the reference: from the same seed, the same batches, the same
 * history shape and the same parameters.  Not bit for bit: the tuned path
 * recomputes the velocity as the difference of two parameter sets, which
 * rounds differently from keeping it (and the BLAS may fuse the
 * reference's multiply-adds), so each parameter is compared within 1e-9
 * of the largest; the differences measured are near 1e-15.  Divergence
 * is caught at the same iteration, with the same parameters kept.
 *
 * A step large enough is cut into a shard of the batch per thread: a
 * 784-64-3 net is trained the same way on two threads and on three
 * (whose third shard is added into the second before the update), and
 * twice on two, which must agree to the bit. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "tap.h"

#ifdef _OPENMP
# include <omp.h>
#endif

/* 300 side x side images of 3 classes, class c bright in the c-th
 * quarter of the rows, plus noise. */
static bp_dataset *
make_data (size_t side)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t D = side * side;
  bp_dataset *ds = bp_dataset_alloc (300, D, 3, 0);

  gsl_rng_set (rng, 2385);
  for (size_t i = 0; i < ds->N; i++)
    {
      ds->y[i] = i % 3;
      for (size_t j = 0; j < D; j++)
        ds->bytes[i * D + j] = (unsigned char)
          (gsl_rng_uniform_int (rng, 100)
           + (j / side * 4 / side == ds->y[i] ? 150 : 0));
    }
  gsl_rng_free (rng);
  return ds;
}

typedef int train_fn (bp_net *, const bp_dataset *, const bp_dataset *,
                      const bp_preproc *, const bp_train_params *, gsl_rng *,
                      bp_history **);

/* A D-H-3 net from seed, trained by fn. */
static int
run_net (train_fn *fn, size_t H, const bp_dataset *ds, const bp_dataset *val,
         const bp_preproc *pp, const bp_train_params *p, bp_net **net,
         bp_history **hist)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  int status;

  gsl_rng_set (rng, 29);
  *net = bp_net_alloc (ds->D, H, 3);
  bp_net_init_he (*net, rng);
  status = fn (*net, ds, val, pp, p, rng, hist);
  gsl_rng_free (rng);
  return status;
}

/* A 16-8-3 net. */
static int
run (train_fn *fn, const bp_dataset *ds, const bp_dataset *val,
     const bp_preproc *pp, const bp_train_params *p, bp_net **net,
     bp_history **hist)
{
  return run_net (fn, 8, ds, val, pp, p, net, hist);
}

/* max |a - b| / max |a| over the parameters. */
static double
rel_diff (const bp_net *a, const bp_net *b)
{
  double d = 0.0, m = 0.0;
  for (size_t i = 0; i < a->theta->size; i++)
    {
      d = fmax (d, fabs (a->theta->data[i] - b->theta->data[i]));
      m = fmax (m, fabs (a->theta->data[i]));
    }
  return d / m;
}

static int
zero_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
               double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache;
  gsl_vector_set_zero (g->dtheta);
  return 0;
}

/* Shards: a 784-64-3 net, batch 24, whose steps are cut in shards, on
 * two threads and three, against bp_train; and two runs on two threads
 * against each other, to the bit. */
static void
check_shards (void)
{
#ifdef _OPENMP
  bp_dataset *ds = make_data (28);
  bp_preproc *pp = bp_preproc_alloc (ds->D);
  bp_net *ref, *fast, *again;
  bp_history *hr, *hf, *ha;
  bp_train_params p;

  bp_preproc_fit (pp, ds);
  bp_train_params_default (&p);
  p.batch = 24;
  p.epochs = 2;
  p.lr = 0.01;
  p.reg = 0.0137;
  omp_set_num_threads (1);
  is_int (run_net (bp_train, 64, ds, NULL, pp, &p, &ref, &hr), 0,
          "bp_train: 2 epochs of a 784-64-3 net, batch 24");
  for (int threads = 2; threads <= 3; threads++)
    {
      double worst = 0.0;
      omp_set_num_threads (threads);
      is_int (run_net (bp_train_fast, 64, ds, NULL, pp, &p, &fast, &hf), 0,
              "bp_train_fast on %d threads, a shard of the batch each",
              threads);
      for (size_t i = 0; i < hr->iters; i++)
        worst = fmax (worst, fabs (hr->loss[i] - hf->loss[i]) / hr->loss[i]);
      ok (rel_diff (ref, fast) < 1e-9 && worst < 1e-9 && hf->iters == 24,
          "... the same %zu parameters within 1e-9 (%.1e) and the same "
          "loss at all %zu steps (worst %.1e)", ref->theta->size,
          rel_diff (ref, fast), hf->iters, worst);
      if (threads == 2)
        {
          is_int (run_net (bp_train_fast, 64, ds, NULL, pp, &p, &again,
                           &ha), 0, "... and once more on 2 threads");
          ok (memcmp (fast->theta->data, again->theta->data,
                      fast->theta->size * sizeof (double)) == 0
              && memcmp (hf->loss, ha->loss,
                         hf->iters * sizeof hf->loss[0]) == 0,
              "... which repeats the parameters and losses to the bit");
          bp_net_free (again);
          bp_history_free (ha);
        }
      bp_net_free (fast);
      bp_history_free (hf);
    }
  bp_net_free (ref);
  bp_history_free (hr);
  bp_preproc_free (pp);
  bp_dataset_free (ds);
#else
  skip (7, "built without OpenMP: one shard only");
#endif
}

int
main (void)
{
  bp_dataset *ds = make_data (4);
  bp_data data = { ds, NULL, NULL };
  bp_preproc *pp = bp_preproc_alloc (ds->D);
  bp_net *ref, *fast;
  bp_history *hr, *hf;
  bp_train_params p;
  bp_error err;
  double worst = 0.0;

  tap_gsl_handler_install ();
  plan (19);
  bp_preproc_fit (pp, ds);
  bp_data_split (&data, 60, &err);
  bp_train_params_default (&p);
  p.batch = 24;
  p.epochs = 4;
  p.lr = 0.05;
  p.reg = 0.0137;

  is_int (run (bp_train, ds, data.val, pp, &p, &ref, &hr), 0,
          "bp_train: 4 epochs of a 16-8-3 net, momentum 0.9, reg 0.0137");
  is_int (run (bp_train_fast, ds, data.val, pp, &p, &fast, &hf), 0,
          "bp_train_fast: the same");
  ok (rel_diff (ref, fast) < 1e-9, "the same %zu parameters within 1e-9 "
      "(max |difference| / max |theta| = %.1e)", ref->theta->size,
      rel_diff (ref, fast));
  ok (hr->iters == hf->iters && hr->epochs == hf->epochs && hr->iters == 40,
      "the same history: %zu steps, %zu epochs", hf->iters, hf->epochs);
  for (size_t i = 0; i < hr->iters; i++)
    worst = fmax (worst, fabs (hr->loss[i] - hf->loss[i]) / hr->loss[i]);
  ok (worst < 1e-9, "the same loss at every step within 1e-9 (worst %.1e)",
      worst);
  ok (hr->stats[3].val_acc == hf->stats[3].val_acc
      && hr->stats[3].train_acc == hf->stats[3].train_acc
      && hr->stats[3].lr == hf->stats[3].lr,
      "the same last epoch: train %.4f, validation %.4f, lr %g",
      hf->stats[3].train_acc, hf->stats[3].val_acc, hf->stats[3].lr);
  ok (hf->stats[3].loss < hf->stats[0].loss,
      "and it learns: loss %.4f -> %.4f", hf->stats[0].loss,
      hf->stats[3].loss);
  bp_net_free (ref);
  bp_net_free (fast);
  bp_history_free (hr);
  bp_history_free (hf);

  /* Divergence: the same iteration, the same parameters kept. */
  p.lr = 1e100;
  is_int (run (bp_train, ds, NULL, pp, &p, &ref, &hr), GSL_ERUNAWAY,
          "lr 1e100: bp_train diverges");
  is_int (run (bp_train_fast, ds, NULL, pp, &p, &fast, &hf), GSL_ERUNAWAY,
          "... and bp_train_fast");
  ok (hr->diverged == hf->diverged && hr->diverged >= 2
      && rel_diff (ref, fast) < 1e-9,
      "... both at iteration %zu, keeping the same parameters",
      hf->diverged);
  bp_net_free (ref);
  bp_net_free (fast);
  bp_history_free (hr);
  bp_history_free (hf);

  /* Only for the library's own backward pass. */
  p.lr = 0.05;
  p.backward = zero_backward;
  hf = (bp_history *) 1;
  tap_gsl_errno = 0;
  is_int (run (bp_train_fast, ds, NULL, pp, &p, &fast, &hf), GSL_EINVAL,
          "bp_train_fast refuses another backward pass");
  ok (hf == NULL && tap_gsl_errno == GSL_EINVAL,
      "... through the error handler, with no history");
  bp_net_free (fast);

  bp_dataset_free (data.val);
  bp_preproc_free (pp);
  bp_dataset_free (ds);

  check_shards ();
  return tap_done ();
}
