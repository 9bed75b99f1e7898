/* bench.c -- how fast backprop trains and checks, on this machine.
 *
 * Not a test: it prints measurements.  Four of them:
 *
 *   gemm-bound   the seconds per epoch of the five matrix products of a
 *                training step (forward X W1 and p1 W2; backward p1' dz2,
 *                dz2 W2' and X' dz1), timed alone with the same BLAS: no
 *                training epoch can be faster than this;
 *   train        the seconds per epoch of bp_train_fast (what nntrain
 *                runs), and its ratio to the gemm bound;
 *   gradcheck    entries per second of a full check of a 784-100-10 net
 *                on a batch of 10 (every parameter and intermediate);
 *   numpy        the same training epoch in numpy, on OpenBLAS's kernel
 *                for this CPU, and its ratio to ours.
 *
 * The machine's speed drifts over seconds, so the two are taken in turn: at
 * the end of each of twelve training epochs, a callback times the products
 * of one epoch; each figure is the fastest of its tries (eleven epochs after
 * the first, twelve bounds).  With six of each, eight runs' ratios spread
 * over 0.05 or more; with twelve, over 0.02.
 *
 * Run:  make bench   (or bench/bench [DATA]; DATA as for nntrain --data,
 * default Debian's Fashion-MNIST, else random bytes of the same shape). */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "cli.h"

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

/* The matrices of the gemm bound, random, at batch B of a D-H-C net. */
struct gemm_ws {
  gsl_matrix *X, *W1, *W2, *z1, *z2, *dW1, *dW2, *dp1;
};

static void
gemm_ws_alloc (struct gemm_ws *w, size_t B, size_t D, size_t H, size_t C,
               gsl_rng *rng)
{
  w->X = random_matrix (B, D, rng);
  w->W1 = random_matrix (D, H, rng);
  w->W2 = random_matrix (H, C, rng);
  w->z1 = random_matrix (B, H, rng);
  w->z2 = random_matrix (B, C, rng);
  w->dW1 = random_matrix (D, H, rng);
  w->dW2 = random_matrix (H, C, rng);
  w->dp1 = random_matrix (B, H, rng);
}

static void
gemm_ws_free (struct gemm_ws *w)
{
  gsl_matrix *m[] = { w->X, w->W1, w->W2, w->z1, w->z2, w->dW1, w->dW2,
                      w->dp1 };
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    gsl_matrix_free (m[i]);
}

/* Seconds for `steps` training steps' worth of matrix products. */
static double
gemm_epoch (struct gemm_ws *w, size_t steps)
{
  double t0 = now ();

  for (size_t s = 0; s < steps; s++)
    {
      gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1, w->X, w->W1, 0, w->z1);
      gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1, w->z1, w->W2, 0, w->z2);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, w->z1, w->z2, 0, w->dW2);
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, w->z2, w->W2, 0, w->dp1);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, w->X, w->dp1, 0, w->dW1);
    }
  return now () - t0;
}

/* What the training callback keeps: the fastest epoch and bound so far. */
struct race {
  struct gemm_ws gemm;
  size_t steps;                 /* per epoch */
  double started;               /* when the epoch now running began, or 0
                                   during the first */
  double train, bound;          /* the fastest of each, in seconds */
};

/* After each epoch: time it (from the end of the last call), then time
 * one epoch of products, outside the training's own time. */
static void
race_epoch (const bp_progress *p, void *data)
{
  struct race *r = data;

  if (p->stats == NULL)
    return;
  if (r->started > 0)
    r->train = fmin (r->train, now () - r->started);
  r->bound = fmin (r->bound, gemm_epoch (&r->gemm, r->steps));
  r->started = now ();
}

/* The training set of the data set `name', or random bytes of the shape
 * of Fashion-MNIST's when it is not there (*data is then NULL). */
static bp_dataset *
training_set (const char *name, gsl_rng *rng, bp_data **data)
{
  bp_dataset *train;
  bp_error err;

  if (bp_data_open (name, data, &err) == 0)
    {
      train = (*data)->train;
      printf ("data: %s, %zu training samples of %zu values\n", name,
              train->N, train->D);
      return train;
    }
  printf ("data: %s unavailable (%s); random bytes instead\n", name,
          err.msg);
  train = bp_dataset_alloc (60000, 784, 10, 0);
  for (size_t i = 0; i < train->N * train->D; i++)
    train->bytes[i] = (unsigned char) gsl_rng_uniform_int (rng, 256);
  for (size_t i = 0; i < train->N; i++)
    train->y[i] = gsl_rng_uniform_int (rng, 10);
  return train;
}

/* Step 3: a full gradient check of a 784-100-10 net on a batch of 10. */
static void
time_gradcheck (void)
{
  bp_problem *p = bp_problem_random (10, 784, 100, 10, 1, 0.05);
  bp_gradcheck_opts opts;
  bp_gradcheck *r;
  size_t entries = 0;
  double t0, t;

  bp_gradcheck_opts_init (&opts);
  t0 = now ();
  r = bp_gradcheck_backward (p->net, p->X, p->y, p->reg, bp_net_backward,
                             &opts);
  t = now () - t0;
  for (int id = 0; r && id < BP_NGRADS; id++)
    entries += r->g[id].checked;
  printf ("gradcheck   %8.3f s for %zu entries (784-100-10, batch 10)  = "
          "%.0f entries per second\n", t, entries, (double) entries / t);
  bp_gradcheck_free (r);
  bp_problem_free (p);
}

/* Step 4: the same epochs in numpy (bench/numpy-train.py), where
 * Debian's python3-numpy is installed, on OpenBLAS's kernel for this CPU:
 * the machine's environment may pin OPENBLAS_CORETYPE (and
 * OPENBLAS_L2_SIZE) to an old kernel for other programs' sake, so the one
 * command unsets both and names the kernel that fits, as the library
 * chooses for itself (blas.h).  The script says which BLAS and kernel
 * numpy ran.  Prints the fastest epoch's steps and its ratio to ours. */
static void
numpy_epoch (const char *dir, double ours)
{
  const char *python = "/usr/bin/python3";
  const char *script = ABS_TOP_SRCDIR "/bench/numpy-train.py";
  const char *kernel = bp_blas_kernel_for (BP_BLAS_OPENBLAS,
                                           bp_cpu_features (), NULL);
  char cmd[4096], line[512], blas[512] = "";
  double epoch = -1.0;
  FILE *p;

  if (access (python, X_OK) != 0
      || system ("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0)
    {
      printf ("numpy       not installed (apt-get install python3-numpy)\n");
      return;
    }
  snprintf (cmd, sizeof cmd, "env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "
            "%s%s %s '%s' --data '%s' --epochs 4 --quiet",
            kernel ? "OPENBLAS_CORETYPE=" : "", kernel ? kernel : "",
            python, script, dir);
  fflush (stdout);
  if ((p = popen (cmd, "r")) == NULL)
    {
      printf ("numpy       cannot run %s\n", script);
      return;
    }
  while (fgets (line, sizeof line, p) != NULL)
    {
      line[strcspn (line, "\n")] = '\0';
      if (sscanf (line, "epoch-seconds %lf", &epoch) == 1)
        continue;
      if (strncmp (line, "numpy ", 6) == 0)
        snprintf (blas, sizeof blas, "%s", line);
    }
  if (pclose (p) != 0 || epoch <= 0)
    {
      printf ("numpy       failed: %s\n", cmd);
      return;
    }
  printf ("numpy       %8.3f s per epoch  = %.2f x train (%s; "
          "OPENBLAS_CORETYPE %s)\n", epoch, epoch / ours, blas,
          kernel ? kernel : "unset");
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
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  size_t steps, H = BP_TRAIN_HIDDEN;
  struct race race = { { NULL }, 0, 0.0, 1e300, 1e300 };
  int threads;

  gsl_set_error_handler_off ();
  /* as nntrain does: two threads on an idle machine, one on a busy one,
   * unless the user chose */
  threads = cli_threads ();
  {
    char blas[160];
    printf ("backprop %s, CBLAS %s\n", PACKAGE_VERSION,
            bp_blas_describe (blas, sizeof blas));
  }
  if (threads == 2)
    printf ("threads: 2 (nothing else was running)\n");
  else if (threads == 1)
    printf ("threads: 1 (other programs were running: the figures are "
            "not this machine's best)\n");
  else
    printf ("threads: as BLIS_NUM_THREADS or OMP_NUM_THREADS say\n");
  train = training_set (name, rng, &data);
  pp = bp_preproc_alloc (train->D);
  bp_preproc_fit (pp, train);
  bp_train_params_default (&params);
  params.epochs = 12;
  steps = bp_train_steps_per_epoch (train->N, params.batch);

  /* Steps 1 and 2: training epochs and the products alone, in turn. */
  gemm_ws_alloc (&race.gemm, params.batch, train->D, H, train->C, rng);
  race.steps = steps;
  params.progress = race_epoch;
  params.progress_data = &race;
  net = bp_net_alloc (train->D, H, train->C);
  gsl_rng_set (rng, 1);
  bp_net_init_he (net, rng);
  if (bp_train_fast (net, train, NULL, pp, &params, rng, NULL))
    {
      fprintf (stderr, "bench: training failed\n");
      return 1;
    }
  gemm_ws_free (&race.gemm);
  printf ("gemm-bound  %8.3f s per epoch (%zu steps of batch %zu, "
          "%zu-%zu-%zu)\n", race.bound, steps, params.batch, train->D, H,
          train->C);
  printf ("train       %8.3f s per epoch  = %.2f x gemm-bound\n",
          race.train, race.train / race.bound);
  time_gradcheck ();
  if (data)
    numpy_epoch (strcmp (name, "fashion-mnist") == 0 ? BP_FASHION_MNIST_DIR
                 : name, race.train);
  else
    printf ("numpy       not run: it needs the data set\n");

  bp_net_free (net);
  bp_preproc_free (pp);
  if (data)
    bp_data_free (data);
  else
    bp_dataset_free (train);
  gsl_rng_free (rng);
  return 0;
}
