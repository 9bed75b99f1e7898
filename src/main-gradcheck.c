/* main-gradcheck.c -- the gradcheck program: options, calls, printing.
 *
 * All mathematics is in the library (gradcheck.h, causes.h, report.h);
 * this file picks the network, batch and backward pass to check, runs the
 * check and prints it. */

#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
#include "gradcheck.h"
#include "report.h"
#include "cli.h"

static const char *program_name = "gradcheck";

static void
usage (void)
{
  printf ("Usage: %s [OPTION]...\n", program_name);
  fputs ("\
Check the backward pass of a two-layer network gradient by gradient against\n\
finite differences; say which gradients are root causes, which only inherit\n\
an upstream error, and what the mistake looks like.\n\
\n\
What to check (default: the reference backward on the CS231n toy net):\n\
  -i, --inject=NAME        a wrong backward pass from the bug zoo\n\
      --list-bugs          list the bug zoo, one line each, and exit\n\
  -b, --backward=FILE.so[:SYMBOL]\n\
                           your backward pass, compiled as a shared object\n\
                           (SYMBOL defaults to 'backward')\n\
  -n, --npy=DIR            gradients saved with numpy's np.save: DIR holds\n\
                           X y W1 b1 W2 b2 and any of dz2 dW2 db2 dp1 dz1\n\
                           dW1 db1, each NAME.npy (float64 or float32)\n\
\n\
On which network and batch:\n\
      --toy=FILE           a problem in backprop's text format (default: the\n\
                           shipped toy.txt)\n\
      --net=D,H,C          a random D-H-C net instead of the toy net\n\
  -m, --model=FILE         a net trained and saved by nntrain --save\n\
  -d, --data=DIR           with --model, take the batch from this data set\n\
                           (as nntrain --data: a directory, 'fashion-mnist'\n\
                           or 'toy'; default the shipped Fashion-MNIST\n\
                           subset): its first N training samples, and\n\
                           nothing more is read\n\
      --batch=N            samples in the batch (default 5)\n\
      --seed=S             seed of the random net and of --sample (default 1)\n\
  -r, --reg=R              regularization strength (default: the toy file's,\n\
                           0.05 otherwise)\n\
\n\
What to difference:\n\
  -l, --layer=NAME         check only these gradients (W1 b1 W2 b2 z1 p1 z2,\n\
                           'd' optional; repeatable or comma-separated) and\n\
                           list their worst entries\n\
  -s, --sample=K           K random entries per tensor (every bias entry\n\
                           always)\n\
      --full               every entry (the default)\n\
      --h=H                finite-difference step (default 1e-5)\n\
      --rtol=T             relative tolerance (default 1e-6)\n\
\n\
Output:\n\
  -f, --format=FMT         text (default), tsv or tap\n\
      --tap                the same as --format=tap\n\
      --sweep              each gradient's error for steps 1e-1 ... 1e-12\n\
      --plot=FILE          with --sweep, draw the curves with gnuplot (PNG)\n\
      --color=WHEN         auto (default: on a terminal, unless NO_COLOR is\n\
                           set), always or never\n\
  -h, --help               print this help and exit\n\
  -V, --version            print the version, the CBLAS and the kernel it\n\
                           runs, and exit\n\
\n\
Exit status: 0 if every checked gradient is right, 1 if one is wrong,\n\
2 for a usage or input error.  See gradcheck(1) and backprop(7).\n", stdout);
}

/* --layer W1,z1 adds bits to *mask. */
static void
parse_layers (const char *arg, unsigned *mask)
{
  char buf[256], *tok, *save;
  snprintf (buf, sizeof buf, "%s", arg);
  for (tok = strtok_r (buf, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      int id = bp_grad_lookup (tok);
      if (id < 0)
        cli_fail ("--layer", "unknown tensor '%s' (one of W1 b1 W2 b2 z1 "
                     "p1 z2)", tok);
      *mask |= 1u << id;
    }
  if (*mask == 0)
    cli_fail ("--layer", "no tensor named");
}

/* Load SYMBOL from FILE.so[:SYMBOL]. */
static bp_backward_fn *
load_backward (const char *arg)
{
  char path[PATH_MAX + 2];
  const char *colon = strrchr (arg, ':'), *sym = "backward";
  size_t len = colon ? (size_t) (colon - arg) : strlen (arg);
  void *handle, *fn;

  if (len == 0 || len >= PATH_MAX)
    cli_fail ("--backward", "expected FILE.so[:SYMBOL]");
  if (colon)
    sym = colon + 1;
  /* dlopen searches the library path for a bare name; a file is meant. */
  snprintf (path, sizeof path, "%s%.*s", memchr (arg, '/', len) ? "" : "./",
            (int) len, arg);
  if (access (path, R_OK) != 0)
    cli_fail (path, "%s", strerror (errno));
  handle = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    cli_fail (path, "cannot load: %s", dlerror ());
  fn = dlsym (handle, sym);
  if (fn == NULL)
    cli_fail (path, "no symbol '%s' (name it with FILE.so:SYMBOL)", sym);
  return (bp_backward_fn *) (uintptr_t) fn;
}

static void
list_bugs (void)
{
  for (size_t i = 0; i < bp_bugs_count (); i++)
    printf ("%-20s %s\n", bp_bug_get (i)->name, bp_bug_get (i)->summary);
}

static int
draw_sweep (const char *png, double err[BP_SWEEP_STEPS][BP_NGRADS]);

/* The first n samples of the training set of the data set `data' (NULL:
 * the shipped subset), preprocessed as the model was trained, with the
 * model's net: a problem to check.  Only those samples are read: the
 * first 10 images of Fashion-MNIST are a few kilobytes into its 26 MB of
 * gzip, whose whole decompression took four fifths of a full check. */
static bp_toy *
model_batch (const char *path, const char *data, size_t n, double reg)
{
  bp_model *model;
  bp_data *ds;
  bp_error err;
  bp_toy *t;
  const bp_dataset *train;

  if (bp_model_load (path, &model, &err))
    cli_fail (path, "%s", err.msg);
  if (bp_data_open_some (data, n, 0, &ds, &err))
    cli_fail (NULL, "%s", err.msg);
  train = ds->train;
  if (train->D != model->net->D)
    cli_fail (path, "the model takes %zu inputs but the data set's "
                 "samples have %zu", model->net->D, train->D);
  if (train->C > model->net->C)
    cli_fail (path, "the model has %zu classes but the data set has %zu",
                 model->net->C, train->C);
  if (n > train->N)
    cli_fail ("--batch", "%zu samples, but the training set has %zu", n,
                 train->N);
  t = calloc (1, sizeof *t);
  if (t == NULL
      || (t->X = gsl_matrix_alloc (n, train->D)) == NULL
      || (t->y = malloc (n * sizeof *t->y)) == NULL)
    cli_fail (NULL, "out of memory");
  if (bp_dataset_batch (train, model->pp, NULL, 0, t->X, t->y))
    cli_fail (NULL, "cannot convert the batch");
  t->net = model->net;
  model->net = NULL;
  t->N = n;
  t->reg = reg;
  t->loss = GSL_NAN;
  bp_data_free (ds);
  bp_model_free (model);
  return t;
}

/* Free the problem; with --npy its arrays belong to the npy case. */
static void
release (bp_toy *toy, bp_npy_case *npy)
{
  if (npy)
    {
      free (toy);
      bp_npy_case_free (npy);
    }
  else
    bp_toy_free (toy);
}

enum {
  OPT_LIST_BUGS = 256, OPT_TOY, OPT_NET, OPT_BATCH, OPT_SEED, OPT_FULL,
  OPT_H, OPT_RTOL, OPT_TAP, OPT_SWEEP, OPT_PLOT, OPT_COLOR
};

static const struct option long_options[] = {
  { "inject", required_argument, NULL, 'i' },
  { "list-bugs", no_argument, NULL, OPT_LIST_BUGS },
  { "backward", required_argument, NULL, 'b' },
  { "npy", required_argument, NULL, 'n' },
  { "model", required_argument, NULL, 'm' },
  { "data", required_argument, NULL, 'd' },
  { "toy", required_argument, NULL, OPT_TOY },
  { "net", required_argument, NULL, OPT_NET },
  { "batch", required_argument, NULL, OPT_BATCH },
  { "seed", required_argument, NULL, OPT_SEED },
  { "reg", required_argument, NULL, 'r' },
  { "layer", required_argument, NULL, 'l' },
  { "sample", required_argument, NULL, 's' },
  { "full", no_argument, NULL, OPT_FULL },
  { "h", required_argument, NULL, OPT_H },
  { "rtol", required_argument, NULL, OPT_RTOL },
  { "format", required_argument, NULL, 'f' },
  { "tap", no_argument, NULL, OPT_TAP },
  { "sweep", no_argument, NULL, OPT_SWEEP },
  { "plot", required_argument, NULL, OPT_PLOT },
  { "color", required_argument, NULL, OPT_COLOR },
  { "colour", required_argument, NULL, OPT_COLOR },
  { "help", no_argument, NULL, 'h' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

int
main (int argc, char **argv)
{
  const char *inject = NULL, *backward_arg = NULL, *toy_path = NULL;
  const char *npy_dir = NULL, *model_path = NULL, *data_name = NULL;
  bp_npy_case *npy = NULL;
  const bp_grads *given = NULL;
  const char *format = "text", *plot = NULL, *color_when = "auto";
  size_t D = 0, H = 0, C = 0, batch = 5;
  unsigned long seed = 1;
  double reg = -1.0;
  int sweep = 0, opt, color, rtol_given = 0;
  unsigned layers = 0;
  bp_gradcheck_opts opts;
  bp_backward_fn *backward = bp_net_backward;
  bp_toy *toy = NULL;
  bp_error err;
  bp_gradcheck *r;
  size_t failures;

  cli_program_name = program_name;
  gsl_set_error_handler_off ();
  bp_gradcheck_opts_init (&opts);
  opterr = 0;                   /* errors are ours to word */
  while ((opt = getopt_long (argc, argv, ":i:b:n:m:d:r:l:s:f:hV", long_options,
                             NULL)) != -1)
    switch (opt)
      {
      case 'i': inject = optarg; break;
      case OPT_LIST_BUGS: list_bugs (); return 0;
      case 'b': backward_arg = optarg; break;
      case 'n': npy_dir = optarg; break;
      case 'm': model_path = optarg; break;
      case 'd': data_name = optarg; break;
      case OPT_TOY: toy_path = optarg; break;
      case OPT_NET:
        {
          char a[32], b[32], c[32], extra;
          if (sscanf (optarg, "%31[^,],%31[^,],%31[^,]%c", a, b, c, &extra)
              != 3)
            cli_fail ("--net", "expected D,H,C, e.g. --net 6,8,4");
          D = cli_size ("--net", a, 1, 100000);
          H = cli_size ("--net", b, 1, 100000);
          C = cli_size ("--net", c, 2, 100000);
        }
        break;
      case OPT_BATCH: batch = cli_size ("--batch", optarg, 1, 100000); break;
      case OPT_SEED:
        seed = cli_size ("--seed", optarg, 0, ULONG_MAX);
        opts.seed = seed;
        break;
      case 'r': reg = cli_double ("--reg", optarg, 0.0, 1e6); break;
      case 'l': parse_layers (optarg, &layers); break;
      case 's': opts.sample = cli_size ("--sample", optarg, 1, SIZE_MAX);
        break;
      case OPT_FULL: opts.sample = 0; break;
      case OPT_H: opts.h = cli_double ("--h", optarg, 1e-15, 1.0); break;
      case OPT_RTOL: opts.rtol = cli_double ("--rtol", optarg, 0.0, 1.0);
        rtol_given = 1;
        break;
      case 'f': format = optarg; break;
      case OPT_TAP: format = "tap"; break;
      case OPT_SWEEP: sweep = 1; break;
      case OPT_PLOT: plot = optarg; break;
      case OPT_COLOR: color_when = optarg; break;
      case 'h': usage (); return 0;
      case 'V':
        {
          char blas[160];
          printf ("gradcheck (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
          printf ("CBLAS: %s\n", bp_blas_describe (blas, sizeof blas));
        }
        return 0;
      case ':':
        cli_fail (argv[optind - 1], "this option needs an argument; "
                     "try --help");
      default:
        {
          char shortopt[3] = { '-', (char) optopt, '\0' };
          cli_fail (optopt && optopt < 256 ? shortopt : argv[optind - 1],
                       "unknown option; try --help");
        }
      }
  if (optind < argc)
    cli_fail (argv[optind], "unexpected argument");
  if (strcmp (format, "text") && strcmp (format, "tsv")
      && strcmp (format, "tap"))
    cli_fail ("--format", "'%s' is not one of text, tsv, tap", format);
  if (strcmp (color_when, "auto") && strcmp (color_when, "always")
      && strcmp (color_when, "never"))
    cli_fail ("--color", "'%s' is not one of auto, always, never",
                 color_when);
  if ((inject != NULL) + (backward_arg != NULL) + (npy_dir != NULL) > 1)
    cli_fail (inject ? "--inject" : "--backward", "give one of --inject, "
                 "--backward and --npy");
  if (npy_dir && (D || toy_path || model_path))
    cli_fail ("--npy", "the arrays bring their own net; drop %s",
                 D ? "--net" : toy_path ? "--toy" : "--model");
  if (model_path && (D || toy_path))
    cli_fail ("--model", "the model is the net; drop %s",
                 D ? "--net" : "--toy");
  if (data_name && !model_path)
    cli_fail ("--data", "give the trained net with --model (nntrain "
                 "--save FILE writes one)");
  if (plot && !sweep)
    cli_fail ("--plot", "draws the step sweep: give --sweep too");
  if (plot)
    cli_writable (plot, 0);
  if (layers)
    opts.select = layers;

  if (inject)
    {
      const bp_bug *bug = bp_bug_lookup (inject);
      if (bug == NULL)
        cli_fail ("--inject", "no bug named '%s' (see --list-bugs)",
                     inject);
      backward = bug->backward;
    }
  if (backward_arg)
    backward = load_backward (backward_arg);

  /* The network and batch. */
  if (npy_dir)
    {
      char what[PATH_MAX + 8];
      if (bp_npy_load_dir (npy_dir, &npy, &err))
        {
          /* err names the file in the directory: "W2.npy: ..." */
          snprintf (what, sizeof what, "%s", npy_dir);
          cli_fail (what, "%s", err.msg);
        }
      toy = calloc (1, sizeof *toy);
      if (toy == NULL)
        cli_fail (NULL, "out of memory");
      toy->net = npy->net;
      toy->X = npy->X;
      toy->y = npy->y;
      toy->N = npy->N;
      toy->reg = reg >= 0 ? reg : 0.05;
      toy->loss = GSL_NAN;
      given = npy->grads;
      if (npy->float32)
        {
          opts.float32 = 1;
          if (!rtol_given)
            opts.rtol = 1e-3;
        }
    }
  else if (model_path)
    toy = model_batch (model_path, data_name, batch, reg >= 0 ? reg : 0.05);
  else if (D)
    {
      toy = bp_toy_random (batch, D, H, C, seed, reg >= 0 ? reg : 0.05);
      if (toy == NULL)
        cli_fail ("--net", "cannot allocate a %zu-%zu-%zu net with batch "
                     "%zu", D, H, C, batch);
    }
  else
    {
      if (toy_path == NULL && (toy_path = bp_datafile ("toy.txt")) == NULL)
        cli_fail ("toy.txt", "cannot find the shipped toy net (set "
                     "BACKPROP_DATADIR or give --toy)");
      if (bp_toy_load (toy_path, &toy, &err))
        cli_fail (toy_path, "%s", err.msg);
      if (reg >= 0)
        toy->reg = reg;
    }

  if (sweep)
    {
      double e[BP_SWEEP_STEPS][BP_NGRADS];
      bp_cache *cache = bp_cache_alloc (toy->N, toy->net->H, toy->net->C);
      bp_grads *g = bp_grads_alloc (toy->N, toy->net->D, toy->net->H,
                                    toy->net->C);
      if (!cache || !g || bp_net_forward (toy->net, toy->X, cache)
          || (given == NULL
              && backward (toy->net, toy->X, toy->y, toy->reg, cache, g))
          || bp_gradcheck_sweep (toy->net, toy->X, toy->y, toy->reg,
                                 given ? given : g, e))
        cli_fail (NULL, "the step sweep failed");
      bp_report_sweep (stdout, e);
      bp_grads_free (g);
      bp_cache_free (cache);
      release (toy, npy);
      return plot ? draw_sweep (plot, e) : 0;
    }

  if (given)
    r = bp_gradcheck_run (toy->net, toy->X, toy->y, toy->reg, given, &opts);
  else
    r = bp_gradcheck_backward (toy->net, toy->X, toy->y, toy->reg, backward,
                               &opts);
  if (r == NULL)
    cli_fail (NULL, "the backward pass under test failed");
  color = strcmp (color_when, "always") == 0
    || (strcmp (color_when, "auto") == 0 && isatty (STDOUT_FILENO)
        && getenv ("NO_COLOR") == NULL);
  if (strcmp (format, "tsv") == 0)
    bp_report_tsv (stdout, r);
  else if (strcmp (format, "tap") == 0)
    bp_report_tap (stdout, r);
  else
    bp_report_text (stdout, r, layers, color);
  failures = bp_gradcheck_failures (r);
  bp_gradcheck_free (r);
  release (toy, npy);
  if (fflush (stdout) != 0 || ferror (stdout))
    cli_fail ("standard output", "%s", strerror (errno));
  return failures ? 1 : 0;
}

static int
draw_sweep (const char *out, double err[BP_SWEEP_STEPS][BP_NGRADS])
{
  bp_error e;
  int status = bp_plot_sweep (err, out, &e);

  if (status == BP_PLOT_NO_GNUPLOT)
    {
      fprintf (stderr, "%s: %s: gnuplot is not installed; its script is "
               "written beside it\n", program_name, out);
      return 0;
    }
  if (status)
    cli_fail (out, "%s", e.msg);
  return 0;
}
