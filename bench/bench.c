/* bench.c -- how fast backprop trains and checks, on this machine.
 *
 * Not a test: it prints measurements.  Three of them:
 *
 *   gemm-bound   the seconds per epoch of the five matrix products of a
 *                training step (forward X W1 and p1 W2; backward p1' dz2,
 *                dz2 W2' and X' dz1), timed alone with the same BLAS: no
 *                training epoch can be faster than this;
 *   train        the seconds per epoch of bp_train, and its ratio to the
 *                gemm bound;
 *   gradcheck    entries per second of a full check of a 784-100-10 net
 *                on a batch of 10 (every parameter and intermediate).
 *
 * Run:  make bench   (or bench/bench [DATA]; DATA as for nntrain --data,
 * default Debian's Fashion-MNIST, else random bytes of the same shape). */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"

static double
now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static gsl_matrix *
random_matrix (size_t r, size_t c, gsl_rng *rng)
{
  gsl_matrix *m = gsl_matrix_alloc (r, c);
  for (size_t i = 0; i < r * c; i++)
    m->data[i] = gsl_rng_uniform (rng) - 0.5;
  return m;
}

/* Seconds for `steps` training steps' worth of matrix products, at batch
 * B of a D-H-C net: the best of three tries. */
static double
gemm_bound (size_t B, size_t D, size_t H, size_t C, size_t steps,
            gsl_rng *rng)
{
  gsl_matrix *X = random_matrix (B, D, rng), *W1 = random_matrix (D, H, rng);
  gsl_matrix *W2 = random_matrix (H, C, rng), *z1 = random_matrix (B, H, rng);
  gsl_matrix *z2 = random_matrix (B, C, rng), *dW1 = random_matrix (D, H, rng);
  gsl_matrix *dW2 = random_matrix (H, C, rng), *dp1 = random_matrix (B, H, rng);
  double best = 1e300;

  for (int t = 0; t < 3; t++)
    {
      double t0 = now ();
      for (size_t s = 0; s < steps; s++)
        {
          gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1, X, W1, 0, z1);
          gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1, z1, W2, 0, z2);
          gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, z1, z2, 0, dW2);
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, z2, W2, 0, dp1);
          gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, dp1, 0, dW1);
        }
      best = fmin (best, now () - t0);
    }
  gsl_matrix_free (X); gsl_matrix_free (W1); gsl_matrix_free (W2);
  gsl_matrix_free (z1); gsl_matrix_free (z2); gsl_matrix_free (dW1);
  gsl_matrix_free (dW2); gsl_matrix_free (dp1);
  return best;
}

int
main (int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : "fashion-mnist";
  bp_data *data = NULL;
  bp_dataset *train;
  bp_preproc *pp;
  bp_train_params params;
  bp_net *net;
  bp_error err;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t steps, D, H = BP_TRAIN_HIDDEN, C, entries = 0;
  double t0, t_train = 1e300, t_gemm, t_check;
  bp_toy *toy;
  bp_gradcheck_opts opts;
  bp_gradcheck *r;

  gsl_set_error_handler_off ();
  /* as nntrain does: two BLAS threads unless the user chose */
  if (!getenv ("BLIS_NUM_THREADS") && !getenv ("OMP_NUM_THREADS"))
    setenv ("BLIS_NUM_THREADS", "2", 1);
  printf ("backprop %s, CBLAS %s\n", PACKAGE_VERSION, BP_BLAS);

  if (bp_data_open (name, &data, &err) == 0)
    {
      train = data->train;
      printf ("data: %s, %zu training samples of %zu values\n", name,
              train->N, train->D);
    }
  else
    {
      printf ("data: %s unavailable (%s); random bytes instead\n", name,
              err.msg);
      train = bp_dataset_alloc (60000, 784, 10, 0);
      for (size_t i = 0; i < train->N * train->D; i++)
        train->bytes[i] = (unsigned char) gsl_rng_uniform_int (rng, 256);
      for (size_t i = 0; i < train->N; i++)
        train->y[i] = gsl_rng_uniform_int (rng, 10);
    }
  D = train->D;
  C = train->C;
  pp = bp_preproc_alloc (D);
  bp_preproc_fit (pp, train);
  bp_train_params_default (&params);
  params.epochs = 1;
  steps = bp_train_steps_per_epoch (train->N, params.batch);

  /* Step 1: the matrix products alone. */
  t_gemm = gemm_bound (params.batch, D, H, C, steps, rng);

  /* Step 2: one epoch of training, the best of three. */
  net = bp_net_alloc (D, H, C);
  for (int t = 0; t < 3; t++)
    {
      bp_history *h = NULL;
      gsl_rng_set (rng, 1);
      bp_net_init_he (net, rng);
      t0 = now ();
      if (bp_train (net, train, NULL, pp, &params, rng, &h))
        {
          fprintf (stderr, "bench: training failed\n");
          return 1;
        }
      t_train = fmin (t_train, now () - t0);
      bp_history_free (h);
    }
  printf ("gemm-bound  %8.3f s per epoch (%zu steps of batch %zu, "
          "%zu-%zu-%zu)\n", t_gemm, steps, params.batch, D, H, C);
  printf ("train       %8.3f s per epoch  = %.2f x gemm-bound\n", t_train,
          t_train / t_gemm);

  /* Step 3: a full gradient check at these shapes. */
  toy = bp_toy_random (10, 784, 100, 10, 1, 0.05);
  bp_gradcheck_opts_init (&opts);
  t0 = now ();
  r = bp_gradcheck_backward (toy->net, toy->X, toy->y, toy->reg,
                             bp_net_backward, &opts);
  t_check = now () - t0;
  for (int id = 0; r && id < BP_NGRADS; id++)
    entries += r->g[id].checked;
  printf ("gradcheck   %8.3f s for %zu entries (784-100-10, batch 10)  = "
          "%.0f entries per second\n", t_check, entries,
          (double) entries / t_check);

  bp_gradcheck_free (r);
  bp_toy_free (toy);
  bp_net_free (net);
  bp_preproc_free (pp);
  if (data)
    bp_data_free (data);
  else
    bp_dataset_free (train);
  gsl_rng_free (rng);
  return 0;
}
