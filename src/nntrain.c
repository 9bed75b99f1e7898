/* nntrain -- train the two-layer net with minibatch SGD, evaluate it,
 * save and load models, and plot the training.  See nntrain(1). */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "backprop.h"
#include "bugs.h"
#include "data.h"
#include "model.h"
#include "plot.h"
#include "train.h"
#include "cli.h"

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
      --inject NAME      train with the wrong backward pass NAME from the\n\
                         bug zoo, to see what the bug does to learning\n\
      --list-bugs        list the bugs of the zoo and exit\n\
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
Exit status: 0 on success, 1 if training diverged, 2 for bad options,\n\
input files or output paths (checked before training).  See nntrain(1)\n\
for examples.\n",
          program_name, BP_FASHION_MNIST_DIR, PACKAGE_NAME, BP_TRAIN_HIDDEN,
          BP_TRAIN_BATCH, BP_TRAIN_EPOCHS, BP_TRAIN_LR, BP_TRAIN_LR_DECAY,
          BP_TRAIN_MOMENTUM, BP_TRAIN_REG);
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
  const char *inject;
  long val;                     /* -1: the default */
  size_t hidden;
  unsigned long seed;
  int eval, quiet, batch_set;
  bp_train_params tp;
};

enum {
  OPT_DATA = 256, OPT_VAL, OPT_HIDDEN, OPT_BATCH, OPT_EPOCHS, OPT_ITERS,
  OPT_LR, OPT_LR_DECAY, OPT_MOMENTUM, OPT_REG, OPT_SEED, OPT_SAVE, OPT_LOAD,
  OPT_EVAL, OPT_PREDICT, OPT_HISTORY, OPT_PLOT, OPT_WEIGHTS, OPT_INJECT,
  OPT_LIST_BUGS, OPT_HELP, OPT_VERSION
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
  { "list-bugs", no_argument, NULL, OPT_LIST_BUGS },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, OPT_HELP },
  { "version", no_argument, NULL, OPT_VERSION },
  { NULL, 0, NULL, 0 }
};

static void
parse_options (int argc, char **argv, struct options *o)
{
  const bp_bug *bug;
  int c;

  memset (o, 0, sizeof *o);
  o->val = -1;
  o->hidden = BP_TRAIN_HIDDEN;
  o->seed = 1;
  bp_train_params_default (&o->tp);
  cli_program_name = program_name;
  opterr = 0;
  while ((c = getopt_long (argc, argv, "q", long_options, NULL)) != -1)
    switch (c)
      {
      case OPT_DATA: o->data = optarg; break;
      case OPT_VAL:
        o->val = (long) cli_size ("--val", optarg, 0, LONG_MAX);
        break;
      case OPT_HIDDEN:
        o->hidden = cli_size ("--hidden", optarg, 1, 100000);
        break;
      case OPT_BATCH:
        o->tp.batch = cli_size ("--batch", optarg, 1, 1000000);
        o->batch_set = 1;
        break;
      case OPT_EPOCHS:
        o->tp.epochs = cli_size ("--epochs", optarg, 1, 1000000);
        break;
      case OPT_ITERS:
        o->tp.iters = cli_size ("--iters", optarg, 1, 100000000);
        break;
      case OPT_LR:
        o->tp.lr = cli_double ("--lr", optarg, 0, 1e300);
        break;
      case OPT_LR_DECAY:
        o->tp.lr_decay = cli_double ("--lr-decay", optarg, 0, 1);
        break;
      case OPT_MOMENTUM:
        o->tp.momentum = cli_double ("--momentum", optarg, 0, 0.999999);
        break;
      case OPT_REG:
        o->tp.reg = cli_double ("--reg", optarg, 0, 1e6);
        break;
      case OPT_SEED:
        o->seed = cli_size ("--seed", optarg, 0, ULONG_MAX);
        break;
      case OPT_SAVE: o->save = optarg; break;
      case OPT_LOAD: o->load = optarg; break;
      case OPT_EVAL: o->eval = 1; break;
      case OPT_PREDICT: o->predict = optarg; break;
      case OPT_HISTORY: o->history = optarg; break;
      case OPT_PLOT: o->plot = optarg; break;
      case OPT_WEIGHTS: o->weights = optarg; break;
      case OPT_INJECT:
        bug = bp_bug_lookup (optarg);
        if (bug == NULL)
          cli_fail (NULL, "--inject: no bug '%s' in the zoo; --list-bugs lists them",
                optarg);
        o->inject = optarg;
        o->tp.backward = bug->backward;
        break;
      case OPT_LIST_BUGS:
        for (size_t i = 0; i < bp_bugs_count (); i++)
          printf ("%-22s %s\n", bp_bug_get (i)->name,
                  bp_bug_get (i)->summary);
        exit (0);
      case 'q': o->quiet = 1; break;
      case OPT_HELP:
        usage ();
        exit (0);
      case OPT_VERSION:
        {
          char blas[160];
          printf ("%s (%s) %s\n", program_name, PACKAGE_NAME,
                  PACKAGE_VERSION);
          printf ("CBLAS: %s\n", bp_blas_describe (blas, sizeof blas));
        }
        exit (0);
      default:
        if (optopt != 0 && optopt < 256)
          cli_fail (NULL, "-%c: unknown option; try --help", optopt);
        else if (optopt != 0)
          cli_fail (NULL, "%s: this option needs an argument; try --help",
                argv[optind - 1]);
        else
          cli_fail (NULL, "%s: unknown option or missing argument; try --help",
                argv[optind - 1]);
      }
  if (optind < argc)
    cli_fail (NULL, "%s: unexpected argument; options start with --", argv[optind]);
  if (o->eval && o->load == NULL)
    cli_fail (NULL, "--eval: needs a model to evaluate (--load FILE)");
  if (o->inject && o->load && (o->eval || o->predict))
    cli_fail (NULL, "--inject: nothing is trained with --eval or --predict of a "
          "loaded model");
  if (o->tp.lr == 0)
    cli_fail (NULL, "--lr: the learning rate must be positive");
}

/* Load the data set that --data names (NULL: the shipped subset): all of
 * it to train, its test set alone to evaluate a loaded model. */
static bp_data *
load_data (const char *spec, int train)
{
  bp_data *data;
  bp_error err;

  if (bp_data_open_some (spec, train ? BP_DATA_ALL : 0, 1, &data, &err))
    cli_fail (NULL, "%s", err.msg);
  return data;
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

/* Draw what --plot and --plot-weights ask for.  A missing gnuplot is
 * reported, not fatal: the script and data are written all the same. */
static void
plot_status (int status, const char *out, bp_error *err)
{
  char script[4096];
  size_t n = strlen (out);

  if (status == BP_PLOT_NO_GNUPLOT)
    {
      if (strcmp (out, "-") == 0)
        fprintf (stderr, "%s: --plot -: %s; no terminal plot\n",
                 program_name, err->msg);
      else
        {
          if (n > 4 && strcmp (out + n - 4, ".png") == 0)
            snprintf (script, sizeof script, "%.*s.gp", (int) (n - 4), out);
          else
            snprintf (script, sizeof script, "%s.gp", out);
          fprintf (stderr, "%s: %s: %s (is gnuplot installed?); wrote the "
                   "data and script to %s\n", program_name, out, err->msg,
                   script);
        }
    }
  else if (status)
    cli_fail (NULL, "%s: %s", out, err->msg);
}

int
main (int argc, char **argv)
{
  struct options o;
  struct reporter rep;
  bp_data *data = NULL;
  bp_model *model = NULL, trained = { NULL, NULL, 0, 0, 0 };
  bp_history *hist = NULL;
  bp_dataset *pred = NULL;      /* the images of --predict */
  bp_error err;
  gsl_rng *rng;
  int train, status = 0, diverged = 0;
  double acc;

  gsl_set_error_handler (keep_reason);
  parse_options (argc, argv, &o);
  cli_threads ();
  /* Outputs first: a path that cannot be written fails before training. */
  if (o.save != NULL)
    cli_writable (o.save, 0);
  if (o.history != NULL)
    cli_writable (o.history, 1);
  if (o.plot != NULL && strcmp (o.plot, "-") != 0)
    cli_writable (o.plot, 0);
  if (o.weights != NULL)
    cli_writable (o.weights, 0);

  if (o.load != NULL)
    {
      if (bp_model_load (o.load, &model, &err))
        cli_fail (NULL, "%s: %s", o.load, err.msg);
      trained = *model;
    }
  train = !(o.load && (o.eval || o.predict));

  if (train || o.eval)
    {
      const bp_dataset *some;
      data = load_data (o.data, train);
      some = data->train ? data->train : data->test;
      if (trained.net != NULL && some->D != trained.net->D)
        cli_fail (NULL, "%s: the model takes %zu inputs but the data have %zu",
              o.load, trained.net->D, some->D);
      if (trained.net != NULL && some->C > trained.net->C)
        cli_fail (NULL, "%s: the model has %zu classes but the data have %zu",
              o.load, trained.net->C, some->C);
    }

  /* The images to label are read before training, so that a bad file
   * costs no training either. */
  if (o.predict != NULL)
    {
      size_t D = trained.net ? trained.net->D : data->train->D;
      if (bp_dataset_load_images (o.predict, &pred, &err))
        cli_fail (NULL, "%s", err.msg);
      if (pred->D != D)
        cli_fail (NULL, "%s: images of %zu values; the model takes %zu",
                  o.predict, pred->D, D);
    }

  if (train)
    {
      size_t N = data->train->N;
      size_t val = o.val >= 0 ? (size_t) o.val : N / 10 < 5000 ? N / 10 : 5000;
      if (bp_data_split (data, val, &err))
        cli_fail (NULL, "--val: %s", err.msg);
      if (!o.batch_set && o.tp.batch > data->train->N)
        o.tp.batch = data->train->N;      /* the toy net has 5 samples */
      if (o.tp.batch > data->train->N)
        cli_fail (NULL, "--batch: %zu is more than the %zu training samples",
              o.tp.batch, data->train->N);
      rng = gsl_rng_alloc (gsl_rng_mt19937);
      if (rng == NULL)
        cli_fail (NULL, "out of memory");
      gsl_rng_set (rng, o.seed);
      if (trained.net == NULL)
        {
          trained.net = bp_net_alloc (data->train->D, o.hidden,
                                      data->train->C);
          trained.pp = bp_preproc_alloc (data->train->D);
          if (trained.net == NULL || trained.pp == NULL)
            cli_fail (NULL, "%s", gsl_reason);
          trained.width = data->train->width;
          trained.height = data->train->height;
          trained.channels = data->train->channels;
          bp_preproc_fit (trained.pp, data->train);
          bp_net_init_he (trained.net, rng);
        }
      rep.bar = !o.quiet && isatty (STDERR_FILENO);
      rep.quiet = o.quiet;
      o.tp.progress = report;
      o.tp.progress_data = &rep;
      status = bp_train (trained.net, data->train, data->val, trained.pp,
                         &o.tp, rng, &hist);
      gsl_rng_free (rng);
      if (rep.bar)
        fputs ("\r\033[K", stderr);
      if (status == GSL_ERUNAWAY)
        {
          diverged = 1;
          fprintf (stderr, "%s: training diverged: the loss is %s at "
                   "iteration %zu; try a lower learning rate than --lr %g "
                   "(keeping the parameters of iteration %zu, the last with "
                   "a finite loss)\n", program_name,
                   isnan (hist->bad_loss) ? "NaN" : "infinite",
                   hist->diverged, o.tp.lr, hist->diverged - 1);
        }
      else if (status)
        cli_fail (NULL, "training failed: %s", gsl_reason);
    }

  if (o.save != NULL && bp_model_save (o.save, &trained, &err))
    cli_fail (NULL, "%s: %s", o.save, err.msg);
  if (hist != NULL && o.history != NULL
      && bp_plot_history_write (o.history, hist, &err))
    cli_fail (NULL, "--history: %s", err.msg);
  if (hist != NULL && o.plot != NULL)
    plot_status (bp_plot_history (hist, o.plot, &err), o.plot, &err);
  if (o.weights != NULL)
    plot_status (bp_plot_weights (trained.net, trained.width, trained.height,
                                  trained.channels, o.weights, &err),
                 o.weights, &err);

  if (pred != NULL)
    {
      size_t *labels = malloc (pred->N * sizeof *labels);
      if (labels == NULL
          || bp_predict (trained.net, pred, trained.pp, labels))
        cli_fail (NULL, "%s: %s", o.predict, labels ? gsl_reason : "out of memory");
      for (size_t i = 0; i < pred->N; i++)
        printf ("%zu\n", labels[i]);
      free (labels);
      bp_dataset_free (pred);
    }
  else if (data != NULL)
    {
      if (bp_evaluate (trained.net, data->test, trained.pp, &acc))
        cli_fail (NULL, "evaluation failed: %s", gsl_reason);
      printf ("test accuracy %.4f (%zu samples)\n", acc, data->test->N);
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    cli_fail (NULL, "standard output: %s", strerror (errno));
  if (model != NULL)
    bp_model_free (model);
  else
    {
      bp_net_free (trained.net);
      bp_preproc_free (trained.pp);
    }
  bp_history_free (hist);
  bp_data_free (data);
  return diverged ? 1 : 0;
}
