/* t-sgd-fast.c -- bp_train_fast, the tuned training of nntrain, against
 * bp_train, the reference: from the same seed, the same batches, the same
 * history shape and the same parameters.  Not bit for bit: the tuned path
 * recomputes the velocity as the difference of two parameter sets, which
 * rounds differently from keeping it (and the BLAS may fuse the
 * reference's multiply-adds), so each parameter is compared within 1e-9
 * of the largest; the differences measured are near 1e-15.  Divergence
 * is caught at the same iteration, with the same parameters kept. */

#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "tap.h"

/* 300 4x4 images of 3 classes, class c bright in row c, plus noise. */
static bp_dataset *
make_data (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  bp_dataset *ds = bp_dataset_alloc (300, 16, 3, 0);

  gsl_rng_set (rng, 2385);
  for (size_t i = 0; i < ds->N; i++)
    {
      ds->y[i] = i % 3;
      for (size_t j = 0; j < 16; j++)
        ds->bytes[i * 16 + j] = (unsigned char)
          (gsl_rng_uniform_int (rng, 100) + (j / 4 == ds->y[i] ? 150 : 0));
    }
  gsl_rng_free (rng);
  return ds;
}

typedef int train_fn (bp_net *, const bp_dataset *, const bp_dataset *,
                      const bp_preproc *, const bp_train_params *, gsl_rng *,
                      bp_history **);

/* A 16-8-3 net from seed, trained by fn. */
static int
run (train_fn *fn, const bp_dataset *ds, const bp_dataset *val,
     const bp_preproc *pp, const bp_train_params *p, bp_net **net,
     bp_history **hist)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  int status;

  gsl_rng_set (rng, 29);
  *net = bp_net_alloc (16, 8, 3);
  bp_net_init_he (*net, rng);
  status = fn (*net, ds, val, pp, p, rng, hist);
  gsl_rng_free (rng);
  return status;
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

int
main (void)
{
  bp_dataset *ds = make_data ();
  bp_data data = { ds, NULL, NULL };
  bp_preproc *pp = bp_preproc_alloc (16);
  bp_net *ref, *fast;
  bp_history *hr, *hf;
  bp_train_params p;
  bp_error err;
  double worst = 0.0;

  tap_gsl_handler_install ();
  plan (12);
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
  return tap_done ();
}
