/* 07-train-subset.c -- training on Fashion-MNIST images with bp_train,
 * and the same training with a wrong backward pass.
 *
 * Run:   examples/07-train-subset [DIR]
 * Shows: the Fashion-MNIST subset shipped in data/ (28x28 grey images of
 *        clothing, ten classes) split into training, validation and test
 *        sets; a 784-100-10 net trained for 3 epochs by the library's
 *        minibatch SGD, with accuracy on the validation set after each
 *        epoch and on the test set at the end.  Then the same run, from
 *        the same initial weights on the same batches, with the zoo's
 *        relu-mask-sign backward pass (dz1 masked on dp1 instead of z1).
 *        With DIR, the correct run's history is written to DIR as
 *        loss.tsv, epochs.tsv and history.gp, a gnuplot script.
 * Look:  with the right gradients the loss falls every epoch and the test
 *        accuracy passes 0.8; with the bug the loss climbs, the accuracies
 *        wander, and the test accuracy ends far lower.  A bug in backprop
 *        does not always stop learning: it makes it slow and erratic,
 *        which is how it can go unnoticed.  Accuracies and losses are
 *        printed to 3 digits: the last digits depend on the machine's
 *        BLAS, and more so with the bug, whose growing weights magnify
 *        the rounding differences of each step (after a fourth epoch,
 *        they would show in the printed digits). */

#include <stdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : NULL;
  const bp_bug *bug = bp_bug_lookup ("relu-mask-sign");
  bp_data *data;
  bp_error err;
  bp_preproc *pp;
  bp_history *hist[2] = { NULL, NULL };
  bp_train_params p;
  double test[2];

  gsl_set_error_handler_off ();

  /* Step 1: the data.  bp_data_open (NULL, ...) finds the subset shipped
   * in data/ (5000 training and 1000 test images), installed, or where
   * BACKPROP_DATADIR says (make walk sets it); the last 500 training
   * images become the validation set, for choosing lr, epochs and the
   * like, so that the test set says how well the net does on images no
   * choice was made on. */
  if (bp_data_open (NULL, &data, &err) || bp_data_split (data, 500, &err))
    {
      fprintf (stderr, "07-train-subset: %s\n", err.msg);
      return 2;
    }
  printf ("train %zu, val %zu, test %zu images of %zux%zu, %zu classes\n",
          data->train->N, data->val->N, data->test->N, data->train->width,
          data->train->height, data->train->C);

  /* Step 2: the preprocessing x' = x / 255 - mean, with the mean image
   * computed on the training set only; the same pp is applied to the
   * validation and test images. */
  pp = bp_preproc_alloc (data->train->D);
  if (pp == NULL || bp_preproc_fit (pp, data->train))
    return 1;

  /* Two runs: run 0 with the right backward pass, bp_net_backward (NULL
   * below), run 1 with the bug.  Both start from seed 1, so they have the
   * same initial weights and the same batches: only the backward pass
   * differs. */
  for (int run = 0; run < 2; run++)
    {
      bp_net *net = bp_net_alloc (data->train->D, 100, data->train->C);
      gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
      if (net == NULL || rng == NULL)
        return 1;
      if (run == 0)
        printf ("\nbp_net_backward (the right gradients):\n");
      else
        printf ("\n%s: %s\n", bug->name, bug->summary);

      /* Step 3: the initial weights, W ~ N(0, 2/fan-in), and the training
       * parameters: nntrain's defaults (batches of 200, lr 0.2 decaying
       * by 0.8 each epoch, momentum 0.9, reg 1e-4) for 3 epochs. */
      gsl_rng_set (rng, 1);
      bp_net_init_he (net, rng);
      bp_train_params_default (&p);
      p.epochs = 3;
      p.backward = run == 0 ? NULL : bug->backward;

      /* Step 4: train.  Each epoch shuffles the 4500 training images and
       * takes 22 steps of 200; the validation accuracy is measured after
       * each epoch.  A NaN or infinite loss would stop training with
       * GSL_ERUNAWAY. */
      if (bp_train (net, data->train, data->val, pp, &p, rng, &hist[run]))
        return 1;
      printf ("%5s %8s %9s %7s\n", "epoch", "loss", "train", "val");
      for (size_t e = 0; e < hist[run]->epochs; e++)
        {
          const bp_epoch_stats *s = &hist[run]->stats[e];
          printf ("%5zu %#8.3g %9.3f %7.3f\n", s->epoch, s->loss,
                  s->train_acc, s->val_acc);
        }

      /* Step 5: the test set, used once, at the end. */
      if (bp_evaluate (net, data->test, pp, &test[run]))
        return 1;
      printf ("test accuracy %.3f\n", test[run]);
      gsl_rng_free (rng);
      bp_net_free (net);
    }

  /* Step 6: the two test accuracies side by side. */
  printf ("\ntest accuracy, right gradients %.3f, %s %.3f: the bug "
          "learns %s\n", test[0], bug->name, test[1],
          test[1] < test[0] ? "worse" : "as well");

  /* Step 7: the history of the right run, for gnuplot: loss per step and
   * accuracies per epoch as TSV, and a script that draws them.  (nntrain
   * does the same with --history DIR, and draws it with --plot FILE.png.) */
  if (dir != NULL)
    {
      if (bp_plot_history_write (dir, hist[0], &err))
        {
          fprintf (stderr, "07-train-subset: %s\n", err.msg);
          return 2;
        }
      printf ("history written; draw it with: cd %s && gnuplot history.gp\n",
              dir);
    }
  else
    printf ("(give a directory to write the history for gnuplot)\n");

  bp_history_free (hist[1]);
  bp_history_free (hist[0]);
  bp_preproc_free (pp);
  bp_data_free (data);
  return 0;
}
