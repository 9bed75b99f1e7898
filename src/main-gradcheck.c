/* main-gradcheck.c -- the gradcheck program: options, calls, printing.
 *
 * All mathematics is in the library (gradcheck.h, causes.h, report.h);
 * this file picks the problem (problem.h) and the backward pass to check,
 * runs the check and prints it. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"
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
  -n, --npy=DIR|FILE.npz   gradients saved with numpy: DIR holds X y W1 b1\n\
                           W2 b2 and any of dz2 dW2 db2 dp1 dz1 dW1 db1,\n\
                           each NAME.npy, or grads.npz (np.savez of CS231n's\n\
                           grads dict), and may hold loss.npy, scores.npy;\n\
                           FILE.npz holds them all (gradients as dW1 ...)\n\
  -p, --python=FILE[:CLASS]  your CS231n-style TwoLayerNet in Python (CLASS\n\
                           TwoLayerNet by default), run on a small random\n\
                           net (--net, --batch, --seed, --reg apply); each\n\
                           mistake with its line\n\
      --kinks              with --python, let z1 lie near the ReLU kink\n\
      --timeout=SECONDS    time limit of your code (--python 20, --backward\n\
                           5)\n\
      --convention=NAME    the loss your gradients differentiate: reg (the\n\
                           default, reg (|W1|^2 + |W2|^2)), half (1/2 reg),\n\
                           reg+bias, half+bias (biases penalised), sum-...\n\
                           of each (a summed data loss); a loss.npy tells\n\
\n\
On which network and batch:\n\
      --toy=FILE           a problem in backprop's text format (default: the\n\
                           CS231n toy net, built in)\n\
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
Exit status: 0 if every checked gradient is right, 1 if one is wrong (or\n\
the scores or the loss), 2 for a usage or input error or when your code\n\
crashes or does not return.  See gradcheck(1) and backprop(7).\n", stdout);
}

struct options {
  const char *inject, *backward, *toy, *npy, *model, *data, *python;
  char so_path[PATH_MAX + 2];   /* --backward's file, as loaded */
  double timeout;               /* 0: the default */
  int kinks, batch_given, conv_declared;
  const char *format, *plot, *color;
  size_t D, H, C, batch;        /* D = 0: no --net */
  unsigned long seed;
  double reg;                   /* < 0: the problem's own, or 0.05 */
  int sweep, rtol_given;
  unsigned layers;
  bp_gradcheck_opts check;
};

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

/* --net D,H,C */
static void
parse_net (const char *arg, struct options *o)
{
  char a[32], b[32], c[32], extra;

  if (sscanf (arg, "%31[^,],%31[^,],%31[^,]%c", a, b, c, &extra) != 3)
    cli_fail ("--net", "expected D,H,C, e.g. --net 6,8,4");
  o->D = cli_size ("--net", a, 1, 100000);
  o->H = cli_size ("--net", b, 1, 100000);
  o->C = cli_size ("--net", c, 2, 100000);
}

enum {
  OPT_LIST_BUGS = 256, OPT_TOY, OPT_NET, OPT_BATCH, OPT_SEED, OPT_FULL,
  OPT_H, OPT_RTOL, OPT_TAP, OPT_SWEEP, OPT_PLOT, OPT_COLOR, OPT_CONVENTION,
  OPT_KINKS, OPT_TIMEOUT
};

static const struct option long_options[] = {
  { "inject", required_argument, NULL, 'i' },
  { "list-bugs", no_argument, NULL, OPT_LIST_BUGS },
  { "backward", required_argument, NULL, 'b' },
  { "npy", required_argument, NULL, 'n' },
  { "python", required_argument, NULL, 'p' },
  { "kinks", no_argument, NULL, OPT_KINKS },
  { "timeout", required_argument, NULL, OPT_TIMEOUT },
  { "convention", required_argument, NULL, OPT_CONVENTION },
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

/* The options that take a number. */
static void
set_number (int opt, const char *arg, struct options *o)
{
  switch (opt)
    {
    case OPT_BATCH:
      o->batch = cli_size ("--batch", arg, 1, 100000);
      o->batch_given = 1;
      break;
    case OPT_TIMEOUT:
      o->timeout = cli_double ("--timeout", arg, 0.1, 86400.0);
      break;
    case OPT_SEED:
      o->seed = o->check.seed = cli_size ("--seed", arg, 0, ULONG_MAX);
      break;
    case 'r': o->reg = cli_double ("--reg", arg, 0.0, 1e6); break;
    case 's': o->check.sample = cli_size ("--sample", arg, 1, SIZE_MAX);
      break;
    case OPT_H: o->check.h = cli_double ("--h", arg, 1e-15, 1.0); break;
    case OPT_RTOL:
      o->check.rtol = cli_double ("--rtol", arg, 0.0, 1.0);
      o->rtol_given = 1;
      break;
    }
}

/* Options that cannot go together, or need another. */
static void
check_options (const struct options *o)
{
  if (strcmp (o->format, "text") && strcmp (o->format, "tsv")
      && strcmp (o->format, "tap"))
    cli_fail ("--format", "'%s' is not one of text, tsv, tap", o->format);
  cli_color (o->color);
  if ((o->inject != NULL) + (o->backward != NULL) + (o->npy != NULL)
      + (o->python != NULL) > 1)
    cli_fail (o->inject ? "--inject" : o->backward ? "--backward" : "--npy",
              "give one of --inject, --backward, --npy and --python");
  if (o->python && (o->toy || o->model))
    cli_fail ("--python", "your code runs on a random net (--net D,H,C); "
              "drop %s", o->toy ? "--toy" : "--model");
  if (o->kinks && !o->python)
    cli_fail ("--kinks", "goes with --python");
  if (o->npy && (o->D || o->toy || o->model))
    cli_fail ("--npy", "the arrays bring their own net; drop %s",
              o->D ? "--net" : o->toy ? "--toy" : "--model");
  if (o->model && (o->D || o->toy))
    cli_fail ("--model", "the model is the net; drop %s",
              o->D ? "--net" : "--toy");
  if (o->data && !o->model)
    cli_fail ("--data", "give the trained net with --model (nntrain "
              "--save FILE writes one)");
  if (o->plot && !o->sweep)
    cli_fail ("--plot", "draws the step sweep: give --sweep too");
  if (o->plot)
    cli_writable (o->plot, 0);
}

static void
parse_options (int argc, char **argv, struct options *o)
{
  int opt;

  memset (o, 0, sizeof *o);
  o->format = "text";
  o->color = "auto";
  o->batch = 5;
  o->seed = 1;
  o->reg = -1.0;
  bp_gradcheck_opts_init (&o->check);
  opterr = 0;                   /* errors are ours to word */
  while ((opt = getopt_long (argc, argv, ":i:b:n:p:m:d:r:l:s:f:hV",
                             long_options, NULL)) != -1)
    switch (opt)
      {
      case 'i': o->inject = optarg; break;
      case OPT_LIST_BUGS: cli_list_bugs (); exit (0);
      case 'b': o->backward = optarg; break;
      case 'n': o->npy = optarg; break;
      case 'p': o->python = optarg; break;
      case OPT_KINKS: o->kinks = 1; break;
      case OPT_CONVENTION:
        if (bp_convention_parse (optarg, &o->check.conv))
          cli_fail ("--convention", "'%s' is not one of reg, half, reg+bias, "
                    "half+bias, and sum-... of each", optarg);
        o->conv_declared = 1;
        break;
      case 'm': o->model = optarg; break;
      case 'd': o->data = optarg; break;
      case OPT_TOY: o->toy = optarg; break;
      case OPT_NET: parse_net (optarg, o); break;
      case OPT_BATCH: case OPT_SEED: case 'r': case 's': case OPT_H:
      case OPT_RTOL: case OPT_TIMEOUT:
        set_number (opt, optarg, o);
        break;
      case 'l': parse_layers (optarg, &o->layers); break;
      case OPT_FULL: o->check.sample = 0; break;
      case 'f': o->format = optarg; break;
      case OPT_TAP: o->format = "tap"; break;
      case OPT_SWEEP: o->sweep = 1; break;
      case OPT_PLOT: o->plot = optarg; break;
      case OPT_COLOR: o->color = optarg; break;
      case 'h': usage (); exit (0);
      case 'V': cli_version (); exit (0);
      default: cli_option_error (opt, argv);
      }
  if (optind < argc)
    cli_fail (argv[optind], "unexpected argument");
  check_options (o);
  if (o->layers)
    o->check.select = o->layers;
}

/* The backward pass to check: a bug's, a shared object's, or the
 * library's own. */
static bp_backward_fn *
choose_backward (struct options *o)
{
  if (o->inject)
    return cli_bug (o->inject)->backward;
  if (o->backward)
    return cli_load_backward (o->backward, o->so_path);
  return bp_net_backward;
}

/* --python FILE: the student's net, run by the Python runner on a random
 * net of the sizes asked for (the runner's own by default). */
static bp_problem *
load_python (const struct options *o)
{
  bp_python_opts po;
  bp_problem *p;
  bp_error err;

  bp_python_opts_init (&po);
  po.D = o->D, po.H = o->H, po.C = o->C;
  po.N = o->batch_given ? o->batch : 0;
  po.seed = o->seed;
  po.reg = o->reg;
  po.kinks = o->kinks;
  if (o->timeout > 0)
    po.seconds = o->timeout;
  if (bp_problem_python (o->python, &po, &p, &err))
    cli_fail (NULL, "%s", err.msg);
  return p;
}

/* The problem the options name: numpy arrays, a trained model and a batch
 * of its data, a random net, a toy file or the built-in toy net. */
static bp_problem *
load_problem (const struct options *o)
{
  double reg = o->reg >= 0 ? o->reg : 0.05;
  bp_problem *p = NULL;
  bp_error err;

  if (o->python)
    return load_python (o);
  if (o->npy)
    {
      if (bp_problem_load_npy (o->npy, &p, &err))
        cli_fail (o->npy, "%s", err.msg);
      if (p->warning[0])
        fprintf (stderr, "%s: %s: %s\n", cli_program_name, o->npy,
                 p->warning);
      p->reg = reg;
    }
  else if (o->model)
    {
      if (bp_problem_from_model (o->model, o->data, o->batch, o->seed, reg,
                                 &p, &err))
        cli_fail (NULL, "%s", err.msg);
    }
  else if (o->D)
    {
      p = bp_problem_random (o->batch, o->D, o->H, o->C, o->seed, reg);
      if (p == NULL)
        cli_fail ("--net", "cannot allocate a %zu-%zu-%zu net with batch "
                  "%zu", o->D, o->H, o->C, o->batch);
    }
  else if (o->toy ? bp_problem_load_toy (o->toy, &p, &err)
           : bp_problem_toy (&p, &err))
    cli_fail (o->toy ? o->toy : "the built-in toy net", "%s", err.msg);
  else if (o->reg >= 0)
    p->reg = o->reg;
  return p;
}

/* --sweep: each gradient's error across the steps, and its plot. */
static void
run_sweep (const bp_problem *p, bp_backward_fn *backward,
           const struct options *o)
{
  double e[BP_SWEEP_STEPS][BP_NGRADS];
  const bp_net *net = p->net;
  bp_cache *cache = bp_cache_alloc (p->N, net->H, net->C);
  bp_grads *g = bp_grads_alloc (p->N, net->D, net->H, net->C);
  bp_error err;

  if (!cache || !g || bp_net_forward (net, p->X, cache)
      || (p->grads == NULL
          && backward (net, p->X, p->y, p->reg, cache, g))
      || bp_gradcheck_sweep (net, p->X, p->y, p->reg,
                             p->grads ? p->grads : g, e))
    cli_fail (NULL, "the step sweep failed");
  bp_report_sweep (stdout, e);
  bp_grads_free (g);
  bp_cache_free (cache);
  if (o->plot)
    cli_plot_done (bp_plot_sweep (e, o->plot, &err), o->plot, &err);
}

/* The verdict: the scores and the loss a student saved (--npy, --python),
 * the convention, and the gradients supplied, or computed by the backward
 * pass under test (a shared object's in the sandbox, with the line of each
 * root cause where it can be known).  Float32 arrays are checked with a
 * tolerance for their precision unless --rtol was given. */
static bp_verdict *
run_check (const bp_problem *p, bp_backward_fn *backward,
           const struct options *o)
{
  bp_gradcheck_opts opts = o->check;
  int flags = o->conv_declared ? BP_VERDICT_DECLARED : 0;
  bp_verdict *v;
  bp_error err;

  if (p->float32)
    {
      opts.float32 = 1;
      if (!o->rtol_given)
        opts.rtol = bp_gradcheck_tolerance (&opts)->rtol;
    }
  if (p->grads == NULL)
    {
      if (bp_verdict_backward (p->net, p->X, p->y, p->reg, backward,
                               o->backward ? o->so_path : NULL, o->timeout,
                               &opts, flags, &v, &err))
        cli_fail (NULL, "%s", err.msg);
      if (v->note[0])
        fprintf (stderr, "%s: %s\n", cli_program_name, v->note);
      return v;
    }
  v = cli_verdict_arrays (p, &opts, flags);
  if (v == NULL)
    cli_fail (NULL, "the check failed (out of memory?)");
  return v;
}

static void
print_report (const bp_verdict *v, const struct options *o)
{
  if (strcmp (o->format, "tsv") == 0)
    bp_report_verdict_tsv (stdout, v);
  else if (strcmp (o->format, "tap") == 0)
    bp_report_verdict_tap (stdout, v);
  else
    bp_report_verdict_text (stdout, v, o->layers, cli_color (o->color));
}

int
main (int argc, char **argv)
{
  struct options o;
  bp_backward_fn *backward;
  bp_problem *p;
  bp_verdict *v;
  int wrong = 0;

  cli_program_name = program_name;
  gsl_set_error_handler_off ();
  parse_options (argc, argv, &o);
  backward = choose_backward (&o);
  p = load_problem (&o);
  if (o.sweep)
    run_sweep (p, backward, &o);
  else
    {
      v = run_check (p, backward, &o);
      print_report (v, &o);
      wrong = bp_verdict_wrong (v);
      bp_verdict_free (v);
    }
  bp_problem_free (p);
  cli_flush ();
  return wrong;
}
