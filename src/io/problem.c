/* problem.c -- the problem a check or a training run works on: its
 * allocation, a random one, and a batch for a trained model (see
 * problem.h).  The toy net is read in toy.c, numpy arrays in
 * npy-problem.c. */

#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "backprop/problem.h"

/* The spread of a random net's biases: a third of a pre-activation's
 * (He weights on unit inputs give about 1.4), so that a bias left out of
 * a recomputed z1 moves a few of a batch's entries across the ReLU's
 * kink, where a gradient check sees it, and few hidden units are dead
 * for a whole batch. */
#define BIAS_SIGMA 0.5

bp_problem *
bp_problem_alloc (size_t N, size_t D, size_t H, size_t C)
{
  bp_problem *p;

  if (N == 0 || D == 0 || N > SIZE_MAX / sizeof (double) / D
      || N > SIZE_MAX / sizeof (size_t))
    GSL_ERROR_NULL ("problem sizes must be positive and fit in memory",
                    GSL_EINVAL);
  p = calloc (1, sizeof *p);
  if (p == NULL)
    GSL_ERROR_NULL ("cannot allocate a problem", GSL_ENOMEM);
  p->N = N;
  p->loss = GSL_NAN;
  for (int id = 0; id < BP_NGRADS; id++)
    p->own_err[id] = GSL_NAN;
  p->net = bp_net_alloc (D, H, C);
  p->X = p->net ? gsl_matrix_calloc (N, D) : NULL;
  p->y = p->X ? calloc (N, sizeof *p->y) : NULL;
  if (p->y == NULL)
    {
      bp_problem_free (p);
      GSL_ERROR_NULL ("cannot allocate a problem", GSL_ENOMEM);
    }
  return p;
}

void
bp_problem_free (bp_problem *p)
{
  if (p == NULL)
    return;
  bp_net_free (p->net);
  gsl_matrix_free (p->X);
  free (p->y);
  bp_grads_free (p->grads);
  gsl_matrix_free (p->scores);
  free (p);
}

bp_problem *
bp_problem_random (size_t N, size_t D, size_t H, size_t C,
                   unsigned long seed, double reg)
{
  bp_problem *p = bp_problem_alloc (N, D, H, C);
  gsl_rng *rng = p ? gsl_rng_alloc (gsl_rng_mt19937) : NULL;

  if (rng == NULL)
    {
      bp_problem_free (p);
      return NULL;
    }
  p->reg = reg;
  gsl_rng_set (rng, seed);
  bp_net_init_he (p->net, rng);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (p->net->b1, j, gsl_ran_gaussian (rng, BIAS_SIGMA));
  for (size_t c = 0; c < C; c++)
    gsl_vector_set (p->net->b2, c, gsl_ran_gaussian (rng, BIAS_SIGMA));
  for (size_t i = 0; i < N; i++)
    {
      for (size_t k = 0; k < D; k++)
        gsl_matrix_set (p->X, i, k, gsl_ran_gaussian (rng, 1.0));
      p->y[i] = gsl_rng_uniform_int (rng, C);
    }
  gsl_rng_free (rng);
  return p;
}

