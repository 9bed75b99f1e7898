/* sandbox-hostile.c -- backward passes that misbehave in the ways the
 * labelled students of checks/students/c do not: exit, abort, divide an
 * integer by zero, recurse without end, read or write just outside the
 * gradients; two that behave, to check what comes back from the
 * sandbox; and one that writes into its cache.  Built as a student's module (-g -O0) by src/check/local.mk;
 * checks/t-sandbox.c looks each one up by name.  The test asserts the
 * lines of the statements marked `line:'. */

#include <stdlib.h>
#include "backprop.h"

bp_backward_fn backward_exit, backward_abort, backward_fpe,
  backward_recurse, backward_read_past, backward_write_before,
  backward_only_dw1, backward_refuse, backward_halve_prob;

/* Fill dz2 with 2.385, then leave the whole program with status 3. */
int
backward_exit (const bp_net *net, const gsl_matrix *X, const size_t *y,
               double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache;
  gsl_matrix_set_all (g->dz2, 2.385);
  exit (3);                     /* line: exit */
}

/* Give up through abort (), as a failed assert would. */
int
backward_abort (const bp_net *net, const gsl_matrix *X, const size_t *y,
                double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache, (void) g;
  abort ();                     /* line: abort */
}

/* Divide the batch size by the number of labels at or above C (none). */
int
backward_fpe (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  volatile int wrong = 0;
  (void) reg, (void) cache;
  for (size_t i = 0; i < X->size1; i++)
    wrong += y[i] >= net->C;
  g->db2->data[0] = (int) X->size1 / wrong;    /* line: fpe */
  return 0;
}

/* Sum over samples recursively, forgetting the base case. */
static double
sum_from (const gsl_matrix *m, size_t i, size_t j)
{
  volatile double here = gsl_matrix_get (m, i % m->size1, j);
  return here + sum_from (m, i + 1, j); /* line: recurse */
}

/* db1 from a recursion that never ends: the stack overflows. */
int
backward_recurse (const bp_net *net, const gsl_matrix *X, const size_t *y,
                  double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg;
  gsl_vector_set (g->db1, 0, sum_from (cache->z1, 0, 0));
  return 0;
}

/* Read the entry after the last of dp1. */
int
backward_read_past (const bp_net *net, const gsl_matrix *X, const size_t *y,
                    double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache;
  g->dz2->data[0] = g->dp1->data[g->N * g->H];  /* line: read */
  return 0;
}

/* Write the entry before the first of dp1. */
int
backward_write_before (const bp_net *net, const gsl_matrix *X,
                       const size_t *y, double reg, const bp_cache *cache,
                       bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache;
  g->dp1->data[-1] = 2.385;     /* line: write */
  return 0;
}

/* Compute dW1 only, as X' (1/N) and the reg term, and say so. */
int
backward_only_dw1 (const bp_net *net, const gsl_matrix *X, const size_t *y,
                   double reg, const bp_cache *cache, bp_grads *g)
{
  (void) y, (void) cache;
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < net->H; h++)
      {
        double s = 0;
        for (size_t n = 0; n < X->size1; n++)
          s += gsl_matrix_get (X, n, d) / (double) X->size1;
        gsl_matrix_set (g->dW1, d, h,   /* line: dW1 */
                        s + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }
  g->present = 1u << BP_DW1;
  return 0;
}

/* Refuse the batch, as a careful student's size check would. */
int
backward_refuse (const bp_net *net, const gsl_matrix *X, const size_t *y,
                 double reg, const bp_cache *cache, bp_grads *g)
{
  (void) net, (void) X, (void) y, (void) reg, (void) cache, (void) g;
  return 7;
}

/* dz2 = prob as it finds it, then prob halved through a cast that drops
 * the cache's const: a second call on the same cache gets half. */
int
backward_halve_prob (const bp_net *net, const gsl_matrix *X, const size_t *y,
                     double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *prob = (gsl_matrix *) cache->prob;

  (void) net, (void) X, (void) y, (void) reg;
  gsl_matrix_memcpy (g->dz2, prob);
  gsl_matrix_scale (prob, 0.5);
  g->present = 1u << BP_DZ2;
  return 0;
}
