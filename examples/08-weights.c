/* 08-weights.c -- choosing the learning rate on the validation set, and
 * looking at what the first layer learned.
 *
 * Run:   examples/08-weights
 * Shows: three short trainings on the Fashion-MNIST subset from the same
 *        start, with learning rates a factor of 10 apart, compared by
 *        validation accuracy; the chosen net's test accuracy; then columns
 *        of its W1 drawn in characters.  Column j of W1 (784 = 28x28
 *        values) holds the weights hidden unit j gives each pixel, so it
 *        is an image: z1[j] is large for images that look like it.
 * Look:  lr 0.002 learns slowly, 0.02 better, 0.2 best in 2 epochs; the
 *        choice is made on validation accuracy, and the test set is used
 *        once, for the chosen net.  In the drawings '@' and '%' mark the
 *        pixels that push the unit up, ' ' and '.' those that push it
 *        down.  A column as it is still looks like noise, its random
 *        start; minus the start, what training added shows shapes of
 *        clothing, such as the waist and the two legs of trousers.  For the
 *        real picture of all 100 columns, see bp_plot_weights in plot.h,
 *        or run `src/nntrain --plot-weights w.png`. */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "backprop.h"

#define NLR 3
#define SIDE 28                 /* the images are SIDE x SIDE */
#define HALF (SIDE / 2)         /* drawn HALF x HALF */
#define HIDDEN 100              /* hidden units */

/* Draw two images of SIDE x SIDE values, column ja of A (D, H) and
 * column jb of B (D, H), side by side under their titles, as described in
 * Step 6. */
static void
draw (const gsl_matrix *A, size_t ja, const char *ta, const gsl_matrix *B,
      size_t jb, const char *tb)
{
  static const char shade[] = " .:-=+*#%@";
  const gsl_matrix *M[2] = { A, B };
  const size_t col[2] = { ja, jb };
  double img[2][HALF * HALF];
  size_t order[HALF * HALF], rank[2][HALF * HALF];

  for (int c = 0; c < 2; c++)
    {
      for (size_t r = 0; r < HALF; r++)
        for (size_t s = 0; s < HALF; s++)
          img[c][r * HALF + s] = 0.25 *
            (gsl_matrix_get (M[c], 2 * r * SIDE + 2 * s, col[c])
             + gsl_matrix_get (M[c], 2 * r * SIDE + 2 * s + 1, col[c])
             + gsl_matrix_get (M[c], (2 * r + 1) * SIDE + 2 * s, col[c])
             + gsl_matrix_get (M[c], (2 * r + 1) * SIDE + 2 * s + 1,
                               col[c]));
      gsl_sort_index (order, img[c], 1, HALF * HALF);
      for (size_t i = 0; i < HALF * HALF; i++)
        rank[c][order[i]] = i;
    }
  printf ("%-*s   %s\n", 2 * HALF, ta, tb);
  for (size_t r = 0; r < HALF; r++)
    for (int c = 0; c < 2; c++)
      {
        for (size_t s = 0; s < HALF; s++)
          {
            char ch = shade[rank[c][r * HALF + s] * 10 / (HALF * HALF)];
            printf ("%c%c", ch, ch);
          }
        printf (c ? "\n" : "   ");
      }
}

int
main (void)
{
  const double lr[NLR] = { 0.002, 0.02, 0.2 };
  bp_data *data;
  bp_error err;
  bp_preproc *pp;
  bp_net *start, *net[NLR];
  bp_history *hist;
  bp_train_params p;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  double val[NLR], test, norm[HIDDEN];
  size_t top[3];
  int best = 0;

  gsl_set_error_handler_off ();

  /* Step 1: the subset and its split, as in 07-train-subset: 4500
   * training, 500 validation and 1000 test images, x / 255 - mean. */
  if (bp_data_open (NULL, &data, &err) || bp_data_split (data, 500, &err))
    {
      fprintf (stderr, "08-weights: %s\n", err.msg);
      return 2;
    }
  pp = bp_preproc_alloc (data->train->D);
  start = bp_net_alloc (data->train->D, HIDDEN, data->train->C);
  if (!pp || !start || !rng || bp_preproc_fit (pp, data->train))
    return 1;

  /* Step 2: one start for every run, W ~ N(0, 2/fan-in) from seed 1. */
  gsl_rng_set (rng, 1);
  bp_net_init_he (start, rng);

  /* Step 3: the same short training (nntrain's defaults, 2 epochs, the
   * batches drawn from seed 2) at three learning rates. */
  bp_train_params_default (&p);
  p.epochs = 2;
  printf ("%8s %8s\n", "lr", "val acc");
  for (int k = 0; k < NLR; k++)
    {
      net[k] = bp_net_alloc (start->D, start->H, start->C);
      if (net[k] == NULL || bp_net_memcpy (net[k], start))
        return 1;
      gsl_rng_set (rng, 2);
      p.lr = lr[k];
      if (bp_train (net[k], data->train, data->val, pp, &p, rng, &hist))
        return 1;
      val[k] = hist->stats[hist->epochs - 1].val_acc;
      bp_history_free (hist);
      printf ("%8g %8.3f\n", lr[k], val[k]);
    }

  /* Step 4: choose on the validation accuracy, never on the test
   * accuracy: a setting picked for its test score has seen the test set,
   * and its test score no longer says how the net does on new images.
   * The same holds for reg, the hidden size, the number of epochs. */
  for (int k = 1; k < NLR; k++)
    if (val[k] > val[best])
      best = k;
  printf ("chosen on validation: lr %g\n", lr[best]);

  /* Step 5: now, once, the test set. */
  if (bp_evaluate (net[best], data->test, pp, &test))
    return 1;
  printf ("test accuracy at lr %g: %.3f\n\n", lr[best], test);

  /* Step 6: W1 minus its start (kept in start->W1) is what training
   * added.  The three units whose weights moved the most are drawn: the
   * first as it is and minus its start, the next two minus their start.
   * Each 2x2 block of pixels is averaged to one value, giving 14x14; the
   * 196 values are ranked, and each tenth of the ranks gets one character
   * of " .:-=+*#%@", from the lowest to the highest.  Ranks, not the
   * values themselves, so that the drawing does not depend on the last
   * digits of the training arithmetic.  Each character is printed twice,
   * since a character is about twice as tall as it is wide. */
  gsl_matrix_scale (start->W1, -1.0);
  gsl_matrix_add (start->W1, net[best]->W1);
  for (size_t j = 0; j < HIDDEN; j++)
    {
      gsl_vector_view c = gsl_matrix_column (start->W1, j);
      norm[j] = gsl_blas_dnrm2 (&c.vector);
    }
  gsl_sort_largest_index (top, 3, norm, 1, HIDDEN);
  char ta[32], tb[32];
  snprintf (ta, sizeof ta, "unit %zu as it is", top[0]);
  snprintf (tb, sizeof tb, "unit %zu minus its start", top[0]);
  draw (net[best]->W1, top[0], ta, start->W1, top[0], tb);
  printf ("\n");
  snprintf (ta, sizeof ta, "unit %zu minus its start", top[1]);
  snprintf (tb, sizeof tb, "unit %zu minus its start", top[2]);
  draw (start->W1, top[1], ta, start->W1, top[2], tb);

  for (int k = 0; k < NLR; k++)
    bp_net_free (net[k]);
  bp_net_free (start);
  gsl_rng_free (rng);
  bp_preproc_free (pp);
  bp_data_free (data);
  return 0;
}
