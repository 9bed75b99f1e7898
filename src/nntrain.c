/* nntrain -- train the two-layer net with minibatch SGD, evaluate it,
 * save and load models, and plot the training.  See nntrain(1). */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "cli.h"
#include "foreign.h"

static const char *program_name = "nntrain";

static void
usage (void)
{
  printf ("\
Usage: %s [OPTION]...\n\
Train a two-layer network (D-H-C, ReLU, softmax) with minibatch SGD,\n\
report loss and accuracy per epoch, and print the test accuracy.\n\
\n\
Data:\n\
      --data DIR         a directory of IDX files (MNIST's layout, or .gz)\n\
                         or of CIFAR-10 binary batches; 'fashion-mnist' is\n\
                         %s; 'toy' is the toy net;\n\
                         default: the Fashion-MNIST subset shipped with %s\n\
      --val N            validation samples, taken from the end of the\n\
                         training set (default: 5000 or a tenth, if less)\n\
\n\
Training:\n\
      --hidden H         hidden units (default %d)\n\
      --batch B          samples per step (default %d)\n\
      --epochs E         epochs to train (default %d)\n\
      --iters N          steps to train, instead of --epochs\n\
      --lr X             learning rate (default %g)\n\
      --lr-decay X       learning rate factor after each epoch (default %g)\n\
      --momentum X       momentum (default %g; 0 is plain SGD)\n\
      --reg X            L2 regularization, loss term reg*|W|^2 (default %g)\n\
      --seed N           random seed for initialization and batches\n\
                         (default 1); the same seed gives the same result\n\
\n\
Another backward pass, to see what it does to learning:\n\
      --backward FILE.so[:SYMBOL]\n\
                         yours, compiled as a shared object (SYMBOL\n\
                         defaults to 'backward'); training runs in a child\n\
                         process, so a crash or a hang is one line\n\
      --python FILE[:CLASS]\n\
                         yours, in your CS231n-style TwoLayerNet (numpy),\n\
                         run in a child process\n\
      --inject NAME      the wrong backward pass NAME from the bug zoo\n\
      --list-bugs        list the bugs of the zoo and exit\n\
      --check-every K    check the backward pass at the current parameters\n\
                         (gradcheck on %d samples of the batch) after step\n\
                         %d and every K steps, and stop with the report\n\
                         when it is wrong; on by default (K = %d) with\n\
                         --backward, --python or --inject; 0 turns it off\n\
      --timeout SECONDS  stop when a step of --backward or --python takes\n\
                         longer (default %g)\n\
With --backward, --python or --inject, the reference backward pass is also\n\
trained on the same data and seed, to compare: the summary says when the\n\
accuracy stays far below the reference's, and --plot draws both runs.\n\
\n\
Models:\n\
      --save FILE        save the trained model\n\
      --load FILE        start from a saved model (and its preprocessing)\n\
      --eval             only print the test accuracy of the --load model\n\
      --predict PATH     print one label per line for the images of PATH:\n\
                         an IDX image file, a CIFAR-10 batch, or a data\n\
                         directory (its test images)\n\
\n\
Plots:\n\
      --history DIR      write loss.tsv, epochs.tsv and history.gp to DIR\n\
      --plot FILE.png    draw loss and accuracy curves ('-': the loss curve\n\
                         on the terminal)\n\
      --plot-weights FILE.png\n\
                         draw the columns of W1 as images\n\
\n\
  -q, --quiet            no progress bar and no per-epoch lines\n\
      --help             display this help and exit\n\
      --version          output version information, with the CBLAS and\n\
                         the kernel it runs, and exit\n\
\n\
Exit status: 0 on success, 1 if training diverged or a check found the\n\
backward pass wrong, 2 for bad options, input files or output paths\n\
(checked before training) or when your code crashed or hung.  See nntrain(1)\n\
for examples.\n",
          program_name, BP_FASHION_MNIST_DIR, PACKAGE_NAME, BP_TRAIN_HIDDEN,
          BP_TRAIN_BATCH, BP_TRAIN_EPOCHS, BP_TRAIN_LR, BP_TRAIN_LR_DECAY,
          BP_TRAIN_MOMENTUM, BP_TRAIN_REG, FOREIGN_CHECK_ROWS,
          BP_TRAIN_FIRST_CHECK, FOREIGN_CHECK_EVERY, FOREIGN_SECONDS);
}

/* GSL reports programming and allocation errors through its handler;
 * keep the reason for the message of the call that failed. */
static const char *gsl_reason = "unknown error";

static void
keep_reason (const char *reason, const char *file, int line, int gsl_errno)
{
  (void) file;
  (void) line;
  (void) gsl_errno;
  gsl_reason = reason;
}


struct options {
  const char *data, *save, *load, *predict, *history, *plot, *weights;
  const char *inject, *backward, *python;
  foreign fg;                   /* the one they name, or the library's */
  long val;                     /* -1: the default */
  long check_every;             /* -1: the default */
  double timeout;
  size_t hidden;
  unsigned long seed;
  int eval, quiet, batch_set;
  bp_train_params tp;
};

enum {
  OPT_DATA = 256, OPT_VAL, OPT_HIDDEN, OPT_BATCH, OPT_EPOCHS, OPT_ITERS,
  OPT_LR, OPT_LR_DECAY, OPT_MOMENTUM, OPT_REG, OPT_SEED, OPT_SAVE, OPT_LOAD,
  OPT_EVAL, OPT_PREDICT, OPT_HISTORY, OPT_PLOT, OPT_WEIGHTS, OPT_INJECT,
  OPT_BACKWARD, OPT_PYTHON, OPT_CHECK_EVERY, OPT_TIMEOUT, OPT_LIST_BUGS, OPT_HELP,
  OPT_VERSION
};

static const struct option long_options[] = {
  { "data", required_argument, NULL, OPT_DATA },
  { "val", required_argument, NULL, OPT_VAL },
  { "hidden", required_argument, NULL, OPT_HIDDEN },
  { "batch", required_argument, NULL, OPT_BATCH },
  { "epochs", required_argument, NULL, OPT_EPOCHS },
  { "iters", required_argument, NULL, OPT_ITERS },
  { "lr", required_argument, NULL, OPT_LR },
  { "lr-decay", required_argument, NULL, OPT_LR_DECAY },
  { "momentum", required_argument, NULL, OPT_MOMENTUM },
  { "reg", required_argument, NULL, OPT_REG },
  { "seed", required_argument, NULL, OPT_SEED },
  { "save", required_argument, NULL, OPT_SAVE },
  { "load", required_argument, NULL, OPT_LOAD },
  { "eval", no_argument, NULL, OPT_EVAL },
  { "predict", required_argument, NULL, OPT_PREDICT },
  { "history", required_argument, NULL, OPT_HISTORY },
  { "plot", required_argument, NULL, OPT_PLOT },
  { "plot-weights", required_argument, NULL, OPT_WEIGHTS },
  { "inject", required_argument, NULL, OPT_INJECT },
  { "backward", required_argument, NULL, OPT_BACKWARD },
  { "python", required_argument, NULL, OPT_PYTHON },
  { "check-every", required_argument, NULL, OPT_CHECK_EVERY },
  { "timeout", required_argument, NULL, OPT_TIMEOUT },
  { "list-bugs", no_argument, NULL, OPT_LIST_BUGS },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, OPT_HELP },
  { "version", no_argument, NULL, OPT_VERSION },
  { NULL, 0, NULL, 0 }
};

/* The options that take a number. */
static void
set_number (int c, const char *arg, struct options *o)
{
  switch (c)
    {
    case OPT_VAL: o->val = (long) cli_size ("--val", arg, 0, LONG_MAX); break;
    case OPT_HIDDEN: o->hidden = cli_size ("--hidden", arg, 1, 100000); break;
    case OPT_BATCH:
      o->tp.batch = cli_size ("--batch", arg, 1, 1000000);
      o->batch_set = 1;
      break;
    case OPT_EPOCHS: o->tp.epochs = cli_size ("--epochs", arg, 1, 1000000);
      break;
    case OPT_ITERS: o->tp.iters = cli_size ("--iters", arg, 1, 100000000);
      break;
    case OPT_LR: o->tp.lr = cli_double ("--lr", arg, 0, 1e300); break;
    case OPT_LR_DECAY:
      o->tp.lr_decay = cli_double ("--lr-decay", arg, 0, 1);
      break;
    case OPT_MOMENTUM:
      o->tp.momentum = cli_double ("--momentum", arg, 0, 0.999999);
      break;
    case OPT_REG: o->tp.reg = cli_double ("--reg", arg, 0, 1e6); break;
    case OPT_SEED: o->seed = cli_size ("--seed", arg, 0, ULONG_MAX); break;
    case OPT_CHECK_EVERY:
      o->check_every = (long) cli_size ("--check-every", arg, 0, LONG_MAX);
      break;
    case OPT_TIMEOUT:
      o->timeout = cli_double ("--timeout", arg, 0.001, 1e6);
      break;
    }
}

static void
parse_options (int argc, char **argv, struct options *o)
{
  int c;

  memset (o, 0, sizeof *o);
  o->val = -1;
  o->check_every = -1;
  o->timeout = FOREIGN_SECONDS;
  o->hidden = BP_TRAIN_HIDDEN;
  o->seed = 1;
  bp_train_params_default (&o->tp);
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":q", long_options, NULL)) != -1)
    switch (c)
      {
      case OPT_DATA: o->data = optarg; break;
      case OPT_SAVE: o->save = optarg; break;
      case OPT_LOAD: o->load = optarg; break;
      case OPT_EVAL: o->eval = 1; break;
      case OPT_PREDICT: o->predict = optarg; break;
      case OPT_HISTORY: o->history = optarg; break;
      case OPT_PLOT: o->plot = optarg; break;
      case OPT_WEIGHTS: o->weights = optarg; break;
      case OPT_INJECT: o->inject = optarg; break;
      case OPT_BACKWARD: o->backward = optarg; break;
      case OPT_PYTHON: o->python = optarg; break;
      case OPT_LIST_BUGS: cli_list_bugs (); exit (0);
      case 'q': o->quiet = 1; break;
      case OPT_HELP: usage (); exit (0);
      case OPT_VERSION: cli_version (); exit (0);
      case ':': case '?': cli_option_error (c, argv);
      default: set_number (c, optarg, o);
      }
  if (optind < argc)
    cli_fail (argv[optind], "unexpected argument; options start with --");
  if (o->eval && o->load == NULL)
    cli_fail ("--eval", "needs a model to evaluate (--load FILE)");
  foreign_choose (&o->fg, o->backward, o->python, o->inject);
  if (o->fg.opt && o->load && (o->eval || o->predict))
    cli_fail (o->fg.opt, "nothing is trained with --eval or --predict of a "
              "loaded model");
  o->tp.backward = o->fg.backward;
  o->fg.timeout = o->timeout;
  o->fg.reg = o->tp.reg;
  o->fg.lr = o->tp.lr;
  if (o->check_every < 0)
    o->check_every = o->fg.opt ? FOREIGN_CHECK_EVERY : 0;
  if (o->tp.lr == 0)
    cli_fail ("--lr", "the learning rate must be positive");
}

/* Outputs are checked first: a path that cannot be written fails before
 * training. */
static void
check_outputs (const struct options *o)
{
  if (o->save != NULL)
    cli_writable (o->save, 0);
  if (o->history != NULL)
    cli_writable (o->history, 1);
  if (o->plot != NULL && strcmp (o->plot, "-") != 0)
    cli_writable (o->plot, 0);
  if (o->weights != NULL)
    cli_writable (o->weights, 0);
}

/* Progress: a bar on a terminal, and one line per epoch. */
struct reporter {
  int bar, quiet;
};

static void
report (const bp_progress *p, void *data)
{
  struct reporter *r = data;

  if (r->bar && p->stats == NULL
      && (p->step % (p->steps / 40 + 1) == 0 || p->step == 1))
    {
      int width = 30, done = (int) (width * p->step / p->steps);
      fprintf (stderr, "\repoch %zu/%zu [%.*s%*s] %zu/%zu loss %.4f",
               p->epoch, p->epochs, done,
               "==============================", width - done, "",
               p->step, p->steps, p->loss);
      fflush (stderr);
    }
  if (p->stats != NULL)
    {
      const bp_epoch_stats *s = p->stats;
      if (r->bar)
        fputs ("\r\033[K", stderr);
      if (r->quiet)
        return;
      printf ("epoch %2zu/%zu  loss %.4f  train %.4f  ", s->epoch, p->epochs,
              s->loss, s->train_acc);
      if (isnan (s->val_acc))
        printf ("val -     ");
      else
        printf ("val %.4f", s->val_acc);
      printf ("  lr %.4g  %.2f s\n", s->lr, s->seconds);
      fflush (stdout);
    }
}

/* What a run holds: the model (loaded or trained), its data, the images
 * of --predict, the history. */
struct run {
  bp_model *loaded;             /* --load, or NULL */
  bp_model model;               /* the net and preprocessing in use */
  bp_data *data;
  bp_dataset *pred;
  bp_history *hist;
  bp_history *ref;              /* the reference backward pass's run, to
                                   compare a foreign one with */
  int train, diverged, stopped;
};

/* The model, the data set and the images to label, each refused before
 * any training. */
static void
load_inputs (const struct options *o, struct run *r)
{
  bp_error err;

  if (o->load != NULL)
    {
      if (bp_model_load (o->load, &r->loaded, &err))
        cli_fail (o->load, "%s", err.msg);
      r->model = *r->loaded;
    }
  r->train = !(o->load && (o->eval || o->predict));
  if (r->train || o->eval)
    {
      /* all of it to train; its test set alone to evaluate a model */
      if (bp_data_open_some (o->data, r->train ? BP_DATA_ALL : 0, 1,
                             &r->data, &err))
        cli_fail (NULL, "%s", err.msg);
      if (r->loaded && bp_model_check_data (r->loaded, r->data->train
                                            ? r->data->train : r->data->test,
                                            &err))
        cli_fail (o->load, "%s", err.msg);
    }
  if (o->predict != NULL)
    {
      size_t D = r->loaded ? r->loaded->net->D : r->data->train->D;
      if (bp_dataset_load_images (o->predict, &r->pred, &err))
        cli_fail (NULL, "%s", err.msg);
      if (r->pred->D != D)
        cli_fail (o->predict, "images of %zu values; the model takes %zu",
                  r->pred->D, D);
    }
}

/* A new net for the training set, He-initialised from rng, and the
 * preprocessing fitted to the set. */
static void
new_model (const struct options *o, const bp_dataset *train, gsl_rng *rng,
           bp_model *m)
{
  m->net = bp_net_alloc (train->D, o->hidden, train->C);
  m->pp = bp_preproc_alloc (train->D);
  if (m->net == NULL || m->pp == NULL)
    cli_fail (NULL, "%s", gsl_reason);
  m->width = train->width;
  m->height = train->height;
  m->channels = train->channels;
  bp_preproc_fit (m->pp, train);
  bp_net_init_he (m->net, rng);
}

/* Train r's net with the options' backward pass and checks: a foreign
 * one as foreign_train does; the library's own with the reference SGD
 * when checked, else with its tuned twin. */
static int
run_training (struct options *o, struct run *r, gsl_rng *rng)
{
  if (o->fg.opt)
    return foreign_train (&o->fg, r->model.net, r->data->train,
                          r->data->val, r->model.pp, &o->tp, rng, &r->hist);
  return (o->tp.check ? bp_train : bp_train_fast)
    (r->model.net, r->data->train, r->data->val, r->model.pp, &o->tp, rng,
     &r->hist);
}

/* The reference backward pass trained from start, the parameters a
 * foreign one started from, with rng as it was then (the same batches),
 * into r->ref, to compare the foreign run with. */
static void
train_reference (const struct options *o, struct run *r,
                 const gsl_vector *start, gsl_rng *rng)
{
  const bp_net *net = r->model.net;
  bp_net *ref = bp_net_alloc (net->D, net->H, net->C);
  bp_train_params tp = o->tp;

  tp.backward = NULL;
  tp.check = NULL;
  tp.progress = NULL;
  if (ref == NULL)
    cli_fail (NULL, "%s", gsl_reason);
  gsl_vector_memcpy (ref->theta, start);
  if (bp_train_fast (ref, r->data->train, r->data->val, r->model.pp, &tp,
                     rng, &r->ref) != 0)
    {
      bp_history_free (r->ref);         /* diverged: nothing to compare */
      r->ref = NULL;
    }
  bp_net_free (ref);
}

/* Split off the validation set and fit the batch to the training set. */
static void
split_data (struct options *o, struct run *r)
{
  size_t N = r->data->train->N;
  size_t val = o->val >= 0 ? (size_t) o->val : N / 10 < 5000 ? N / 10 : 5000;
  bp_error err;

  if (bp_data_split (r->data, val, &err))
    cli_fail ("--val", "%s", err.msg);
  if (!o->batch_set && o->tp.batch > r->data->train->N)
    o->tp.batch = r->data->train->N;      /* the toy net has 5 samples */
  if (o->tp.batch > r->data->train->N)
    cli_fail ("--batch", "%zu is more than the %zu training samples",
              o->tp.batch, r->data->train->N);
}

/* How training ended: stopped by a check (exit 1), a check that failed
 * (exit 2, said already), divergence (exit 1), or a failure. */
static void
training_ended (const struct options *o, struct run *r, int status)
{
  if (status == FOREIGN_FAILED)
    exit (2);
  r->stopped = status == FOREIGN_WRONG;
  if (status == GSL_ERUNAWAY)
    {
      r->diverged = 1;
      fprintf (stderr, "%s: training diverged: the loss is %s at iteration "
               "%zu; try a lower learning rate than --lr %g (keeping the "
               "parameters of iteration %zu, the last with a finite loss)\n",
               program_name, isnan (r->hist->bad_loss) ? "NaN" : "infinite",
               r->hist->diverged, o->tp.lr, r->hist->diverged - 1);
    }
  else if (status && !r->stopped && o->fg.opt)
    cli_fail (o->fg.name, "the backward pass failed in training (it "
              "returned %d)", status);
  else if (status && !r->stopped)
    cli_fail (NULL, "training failed: %s", gsl_reason);
}

/* Train, reporting progress and checking as the options ask; with a
 * foreign backward pass, the reference's run from the same start. */
static void
train_model (struct options *o, struct run *r)
{
  struct reporter rep = { !o->quiet && isatty (STDERR_FILENO), o->quiet };
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937), *ref_rng = NULL;
  gsl_vector *start = NULL;
  int status;

  split_data (o, r);
  if (rng == NULL)
    cli_fail (NULL, "out of memory");
  gsl_rng_set (rng, o->seed);
  if (r->model.net == NULL)
    new_model (o, r->data->train, rng, &r->model);
  if (o->fg.opt && ((start = gsl_vector_alloc (r->model.net->theta->size))
                    == NULL || (ref_rng = gsl_rng_clone (rng)) == NULL))
    cli_fail (NULL, "out of memory");
  if (start)
    gsl_vector_memcpy (start, r->model.net->theta);
  o->tp.progress = report;
  o->tp.progress_data = &rep;
  o->fg.bar = rep.bar;
  o->tp.check_every = (size_t) o->check_every;
  o->tp.check = o->check_every > 0 ? foreign_check : NULL;
  o->tp.check_data = &o->fg;
  status = run_training (o, r, rng);
  if (rep.bar)
    fputs ("\r\033[K", stderr);
  training_ended (o, r, status);
  if (status == 0 && start != NULL)
    train_reference (o, r, start, ref_rng);
  gsl_vector_free (start);
  gsl_rng_free (ref_rng);
  gsl_rng_free (rng);
}

/* The model, the history and the plots that the options ask for. */
static void
write_outputs (const struct options *o, const struct run *r)
{
  const bp_model *m = &r->model;
  bp_error err;

  if (o->save != NULL && bp_model_save (o->save, m, &err))
    cli_fail (o->save, "%s", err.msg);
  if (r->hist != NULL && o->history != NULL
      && bp_plot_history_write (o->history, r->hist, &err))
    cli_fail ("--history", "%s", err.msg);
  if (r->hist != NULL && r->ref != NULL && o->plot != NULL)
    cli_plot_done (bp_plot_compare (r->hist, r->ref, o->fg.name, o->plot,
                                    &err),
                   o->plot, &err);
  else if (r->hist != NULL && o->plot != NULL)
    cli_plot_done (bp_plot_history (r->hist, o->plot, &err), o->plot, &err);
  if (o->weights != NULL)
    cli_plot_done (bp_plot_weights (m->net, m->width, m->height, m->channels,
                                    o->weights, &err), o->weights, &err);
}

/* One label per line for the images of --predict, or the test accuracy. */
static void
print_results (const struct options *o, const struct run *r)
{
  double acc;

  if (r->pred != NULL)
    {
      size_t *labels = malloc (r->pred->N * sizeof *labels);
      if (labels == NULL
          || bp_predict (r->model.net, r->pred, r->model.pp, labels))
        cli_fail (o->predict, "%s", labels ? gsl_reason : "out of memory");
      for (size_t i = 0; i < r->pred->N; i++)
        printf ("%zu\n", labels[i]);
      free (labels);
    }
  else if (r->data != NULL)
    {
      if (bp_evaluate (r->model.net, r->data->test, r->model.pp, &acc))
        cli_fail (NULL, "evaluation failed: %s", gsl_reason);
      printf ("test accuracy %.4f (%zu samples)\n", acc, r->data->test->N);
      if (r->ref != NULL && r->hist != NULL)
        foreign_print_symptom (&o->fg, r->hist, r->ref);
    }
}

static void
run_free (struct run *r)
{
  if (r->loaded != NULL)
    bp_model_free (r->loaded);
  else
    {
      bp_net_free (r->model.net);
      bp_preproc_free (r->model.pp);
    }
  bp_dataset_free (r->pred);
  bp_history_free (r->hist);
  bp_history_free (r->ref);
  bp_data_free (r->data);
}

int
main (int argc, char **argv)
{
  struct options o;
  struct run r;

  cli_program_name = program_name;
  gsl_set_error_handler (keep_reason);
  parse_options (argc, argv, &o);
  cli_threads ();
  check_outputs (&o);
  memset (&r, 0, sizeof r);
  load_inputs (&o, &r);
  if (r.train)
    train_model (&o, &r);
  if (!r.stopped)
    {
      write_outputs (&o, &r);
      print_results (&o, &r);
    }
  cli_flush ();
  run_free (&r);
  return r.diverged || r.stopped ? 1 : 0;
}
