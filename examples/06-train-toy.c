/* 06-train-toy.c -- training the toy net with a gradient descent loop
 * written out in full.
 *
 * Run:   examples/06-train-toy [data/toy.txt]
 * Shows: the whole of training, in a dozen lines: forward pass, loss,
 *        backward pass, then one step theta = theta - lr dtheta on the
 *        flat parameter block, repeated.  The toy net's 5 samples are the
 *        whole batch, so each step is plain (full-batch) gradient descent;
 *        lr and reg are those of the CS231n toy exercise.
 * Look:  the loss falls fast, from 1.266 (the data loss of 02-loss: reg
 *        is tiny here) to below 0.002; the net starts with none of the 5
 *        samples right and gets all 5 after two steps, then keeps pushing
 *        the probability of the true class towards 1.  The loss is
 *        printed to 4 digits: the last digits of a long computation
 *        depend on the machine's BLAS. */

#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

/* How many of the N samples the scores in cache->z2 classify right: the
 * predicted class of a row is its largest score.  pred (N) receives them. */
static size_t
count_right (const bp_cache *cache, const size_t *y, size_t *pred)
{
  size_t right = 0;

  for (size_t i = 0; i < cache->N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (cache->z2, i);
      pred[i] = gsl_vector_max_index (&row.vector);
      right += pred[i] == y[i];
    }
  return right;
}

int
main (int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "data/toy.txt";
  const double lr = 0.1, reg = 5e-6;
  const size_t iters = 100;
  bp_problem *toy;
  bp_error err;
  bp_cache *cache;
  bp_grads *g;
  size_t *pred;

  gsl_set_error_handler_off ();

  /* Step 1: the toy net, X (5, 4) and labels y (5), with its weights as
   * the starting point: W1 (4, 10) and W2 (10, 3) drawn as 0.1 N(0,1), as
   * the exercise does.  The cache holds the forward pass, g the seven
   * gradients; the parameter gradients in g->dtheta share the layout of
   * net->theta (W1, b1, W2, b2 in one flat vector). */
  if (bp_problem_load_toy (path, &toy, &err))
    {
      fprintf (stderr, "06-train-toy: %s: %s\n", path, err.msg);
      return 2;
    }
  bp_net *net = toy->net;
  cache = bp_cache_alloc (toy->N, net->H, net->C);
  g = bp_grads_alloc (toy->N, net->D, net->H, net->C);
  pred = malloc (toy->N * sizeof *pred);
  if (cache == NULL || g == NULL || pred == NULL)
    return 1;
  printf ("%zu parameters in theta: W1 %zux%zu, b1 %zu, W2 %zux%zu, b2 %zu\n",
          net->theta->size, net->D, net->H, net->H, net->H, net->C, net->C);
  printf ("lr = %g, reg = %g, %zu steps\n", lr, reg, iters);

  /* Step 2: the loop.  Each iteration is one gradient descent step; the
   * loss and the number of samples classified right are printed for the
   * first five steps and then every tenth. */
  printf ("%5s %10s %6s\n", "iter", "loss", "right");
  for (size_t it = 0; it <= iters; it++)
    {
      /* Step 3: forward: z1, p1, z2 and softmax(z2) into the cache, and
       * the loss at the current theta. */
      if (bp_net_forward (net, toy->X, cache))
        return 1;
      double loss = bp_net_loss (net, cache, toy->y, reg);
      if (it < 5 || it % 10 == 0)
        printf ("%5zu %10.4g %4zu/%zu\n", it, loss,
                count_right (cache, toy->y, pred), toy->N);
      if (it == iters)
        break;

      /* Step 4: backward: the seven gradients from the cache; the four
       * parameter gradients land in g->dtheta. */
      if (bp_net_backward (net, toy->X, toy->y, reg, cache, g))
        return 1;

      /* Step 5: the step itself, theta = theta - lr dtheta, as one BLAS
       * call over the flat block: y = a x + y with a = -lr.  Since W1,
       * b1, W2 and b2 are views into theta, all four move at once. */
      gsl_blas_daxpy (-lr, g->dtheta, net->theta);
    }

  /* Step 6: the trained net on its 5 samples, from the last forward
   * pass: the predicted class beside the label, and the probability the
   * net gives the label, softmax(z2)[y]. */
  printf ("%-2s %-5s %-9s %s\n", "i", "label", "predicted", "p(label)");
  size_t right = count_right (cache, toy->y, pred);
  for (size_t i = 0; i < toy->N; i++)
    printf ("%-2zu %-5zu %-9zu %.3f\n", i, toy->y[i], pred[i],
            gsl_matrix_get (cache->prob, i, toy->y[i]));
  printf ("right after %zu steps: %zu of %zu\n", iters, right, toy->N);

  free (pred);
  bp_grads_free (g);
  bp_cache_free (cache);
  bp_problem_free (toy);
  return 0;
}
