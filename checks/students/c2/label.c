/* label.c -- measure the students of this directory, independently of
 * libbackprop and of gradcheck.
 *
 *   label LABELS.TSV SODIR [NAME...]
 *
 * For each file of LABELS.TSV (or only the NAMEs given), load SODIR/NAME.so
 * (NAME.c without .c), and run its `backward' on random D-H-C nets at
 * several sizes and seeds, with the gradient buffers filled with garbage
 * before each call (and once with zeros).  The true gradients are the
 * analytic rules of the mathematics of DESIGN.md, written here again, and
 * confirmed on every problem by centred differences of the loss
 *   (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 * (parameters perturbed in theta; z2, p1, z1 perturbed in a copy of the
 * cache and the rest of the forward pass run again).
 *
 * For each gradient two verdicts, as a teacher reads the code:
 *   global  the student's value against the true gradient;
 *   local   against its own rule applied to the student's OWN upstream
 *           gradient (dW2, db2, dp1 from the student's dz2; dz1 from the
 *           student's dp1; dW1, db1 from the student's dz1).
 * A gradient wrong locally in any run is a root.  The measured roots are
 * compared with the label's; a file labelled correct must be right
 * globally everywhere.  Each child runs in its own process, so a crash
 * is reported, not fatal.
 *
 * Only GSL and libdl: bp_net, bp_cache and bp_grads are laid out here as
 * net.h and grads.h describe (theta and dtheta one block each, in the
 * order W1, b1, W2, b2, with views into it).  Exit status 0 when every
 * label is confirmed, 1 otherwise. */

#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define RTOL 1e-6
#define ATOL 1e-12
#define FD_H 1e-5

static const char *gname[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

/* ---------- allocation, as net.h and grads.h lay it out ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  bp_net *n = calloc (1, sizeof *n);
  double *t;
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_calloc (D * H + H + H * C + C);
  t = n->theta->data;
  n->W1_view = gsl_matrix_view_array (t, D, H);
  n->b1_view = gsl_vector_view_array (t + D * H, H);
  n->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
}

static void
net_del (bp_net *n)
{
  gsl_vector_free (n->theta);
  free (n);
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_calloc (N, H);
  c->p1 = gsl_matrix_calloc (N, H);
  c->z2 = gsl_matrix_calloc (N, C);
  c->prob = gsl_matrix_calloc (N, C);
  return c;
}

static void
cache_del (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  double *t;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->dtheta = gsl_vector_calloc (D * H + H + H * C + C);
  t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_del (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1); gsl_vector_free (g->dtheta);
  free (g);
}

/* Gradient id as a flat array of n doubles (all blocks are contiguous). */
static double *
gptr (bp_grads *g, int id, size_t *n)
{
  switch (id)
    {
    case BP_DZ2: *n = g->N * g->C; return g->dz2->data;
    case BP_DW2: *n = g->H * g->C; return g->dW2->data;
    case BP_DB2: *n = g->C; return g->db2->data;
    case BP_DP1: *n = g->N * g->H; return g->dp1->data;
    case BP_DZ1: *n = g->N * g->H; return g->dz1->data;
    case BP_DW1: *n = g->D * g->H; return g->dW1->data;
    default: *n = g->H; return g->db1->data;
    }
}

/* ---------- forward pass and loss ---------- */

typedef struct
{
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
} problem;

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores Z; prob filled when not NULL */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t k = 0; k < Z->size2; k++)
        m = fmax (m, gsl_matrix_get (Z, i, k));
      for (size_t k = 0; k < Z->size2; k++)
        s += exp (gsl_matrix_get (Z, i, k) - m);
      L += -(gsl_matrix_get (Z, i, y[i]) - m - log (s));
      if (prob)
        for (size_t k = 0; k < Z->size2; k++)
          gsl_matrix_set (prob, i, k, exp (gsl_matrix_get (Z, i, k) - m) / s);
    }
  return L / Z->size1;
}

static double
regloss (const problem *P)
{
  double s = 0;
  for (size_t i = 0; i < P->D * P->H; i++)
    s += P->net->W1->data[i] * P->net->W1->data[i];
  for (size_t i = 0; i < P->H * P->C; i++)
    s += P->net->W2->data[i] * P->net->W2->data[i];
  return P->reg * s;
}

static void
forward (problem *P)
{
  affine (P->X, P->net->W1, P->net->b1, P->cache->z1);
  relu (P->cache->z1, P->cache->p1);
  affine (P->cache->p1, P->net->W2, P->net->b2, P->cache->z2);
  xent (P->cache->z2, P->y, P->cache->prob);
}

/* loss with the intermediate `id' (z2, p1, z1) replaced by T, the rest of
 * the forward pass run again; id -1: from the parameters. */
static double
loss_from (problem *P, int id, const gsl_matrix *T)
{
  gsl_matrix *z1 = gsl_matrix_alloc (P->N, P->H);
  gsl_matrix *p1 = gsl_matrix_alloc (P->N, P->H);
  gsl_matrix *z2 = gsl_matrix_alloc (P->N, P->C);
  double L;

  if (id == BP_DZ2)
    gsl_matrix_memcpy (z2, T);
  else
    {
      if (id == BP_DP1)
        gsl_matrix_memcpy (p1, T);
      else
        {
          if (id == BP_DZ1)
            gsl_matrix_memcpy (z1, T);
          else
            affine (P->X, P->net->W1, P->net->b1, z1);
          relu (z1, p1);
        }
      affine (p1, P->net->W2, P->net->b2, z2);
    }
  L = xent (z2, P->y, NULL) + regloss (P);
  gsl_matrix_free (z1); gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

/* ---------- reference gradients ---------- */

/* rules: the analytic gradients of the loss.  When up is not NULL, each
 * gradient is computed from up's upstream gradient (the local rule);
 * otherwise from the reference's own. */
static void
rules (const problem *P, bp_grads *up, bp_grads *r)
{
  size_t N = P->N, D = P->D, H = P->H, C = P->C, i, j, k;
  bp_grads *u = up ? up : r;
  const bp_net *net = P->net;
  const bp_cache *c = P->cache;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (r->dz2, i, k, (gsl_matrix_get (c->prob, i, k)
                                     - (k == P->y[i])) / N);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2 * P->reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (u->dz2, i, k);
        gsl_matrix_set (r->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (u->dz2, i, k);
      gsl_vector_set (r->db2, k, s);
    }
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (u->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (r->dp1, i, j, s);
      }
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (r->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (u->dp1, i, j) : 0.0);
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * P->reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (P->X, i, k) * gsl_matrix_get (u->dz1, i, j);
        gsl_matrix_set (r->dW1, k, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (u->dz1, i, j);
      gsl_vector_set (r->db1, j, s);
    }
}

/* Centred differences of the loss, all seven tensors, into fd. */
static void
numeric (problem *P, bp_grads *fd)
{
  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n;
      double *out = gptr (fd, id, &n);
      if (id == BP_DZ2 || id == BP_DP1 || id == BP_DZ1)
        {
          const gsl_matrix *src = id == BP_DZ2 ? P->cache->z2
            : id == BP_DP1 ? P->cache->p1 : P->cache->z1;
          gsl_matrix *T = gsl_matrix_alloc (src->size1, src->size2);
          for (size_t e = 0; e < n; e++)
            {
              double lp, lm;
              gsl_matrix_memcpy (T, src);
              T->data[e] += FD_H;
              lp = loss_from (P, id, T);
              T->data[e] -= 2 * FD_H;
              lm = loss_from (P, id, T);
              out[e] = (lp - lm) / (2 * FD_H);
            }
          gsl_matrix_free (T);
        }
      else
        {
          /* the parameter of the same layout in theta */
          size_t off = out - fd->dtheta->data;
          double *th = P->net->theta->data + off;
          for (size_t e = 0; e < n; e++)
            {
              double keep = th[e], lp, lm;
              th[e] = keep + FD_H;
              lp = loss_from (P, -1, NULL);
              th[e] = keep - FD_H;
              lm = loss_from (P, -1, NULL);
              th[e] = keep;
              out[e] = (lp - lm) / (2 * FD_H);
            }
        }
    }
}

/* CS231n relative error, max over entries, and count of wrong entries */
static double
compare (const double *a, const double *r, size_t n, size_t *nwrong)
{
  double worst = 0;
  *nwrong = 0;
  for (size_t e = 0; e < n; e++)
    {
      double d = fabs (a[e] - r[e]), s = fabs (a[e]) + fabs (r[e]);
      double rel = d / fmax (1e-8, s);
      if (!(d <= RTOL * s + ATOL))      /* NaN counts as wrong */
        (*nwrong)++;
      if (!(rel <= worst))
        worst = rel;
    }
  return worst;
}

/* ---------- one random problem ---------- */

static problem *
problem_new (size_t N, size_t D, size_t H, size_t C, unsigned long seed,
             double reg)
{
  problem *P = calloc (1, sizeof *P);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  int tries = 0;

  gsl_rng_set (rng, seed);
  P->N = N; P->D = D; P->H = H; P->C = C; P->reg = reg;
  P->net = net_new (D, H, C);
  P->X = gsl_matrix_alloc (N, D);
  P->y = malloc (N * sizeof *P->y);
  P->cache = cache_new (N, H, C);
  for (;;)
    {
      double zmin = INFINITY;
      size_t dead = 0;
      for (size_t i = 0; i < D * H; i++)
        P->net->W1->data[i] = gsl_ran_gaussian (rng, 1.0 / sqrt (D));
      for (size_t i = 0; i < H; i++)
        P->net->b1->data[i] = gsl_ran_gaussian (rng, 0.3);
      for (size_t i = 0; i < H * C; i++)
        P->net->W2->data[i] = gsl_ran_gaussian (rng, 1.0 / sqrt (H));
      for (size_t i = 0; i < C; i++)
        P->net->b2->data[i] = gsl_ran_gaussian (rng, 0.3);
      for (size_t i = 0; i < N * D; i++)
        P->X->data[i] = gsl_ran_gaussian (rng, 1.0);
      for (size_t i = 0; i < N; i++)
        P->y[i] = gsl_rng_uniform_int (rng, C);
      forward (P);
      for (size_t i = 0; i < N * H; i++)
        {
          zmin = fmin (zmin, fabs (P->cache->z1->data[i]));
          dead += P->cache->z1->data[i] <= 0;
        }
      /* no z1 near the kink, and both live and dead units */
      if (zmin > 1e-2 && dead > 0 && dead < N * H)
        break;
      if (++tries > 1000)
        {
          fprintf (stderr, "label: no problem without kinks\n");
          exit (2);
        }
    }
  gsl_rng_free (rng);
  return P;
}

/* A problem dumped by probe/probe.c: the exact net, batch and reg that a
 * caller of backward (gradcheck) used.  The cache is recomputed here. */
static problem *
problem_load (const char *path)
{
  FILE *f = fopen (path, "r");
  problem *P = calloc (1, sizeof *P);
  int ok;

  if (!f)
    {
      perror (path);
      exit (2);
    }
  ok = fscanf (f, "%zu %zu %zu %zu %lf", &P->N, &P->D, &P->H, &P->C,
               &P->reg) == 5;
  if (ok)
    {
      P->net = net_new (P->D, P->H, P->C);
      P->X = gsl_matrix_alloc (P->N, P->D);
      P->y = malloc (P->N * sizeof *P->y);
      P->cache = cache_new (P->N, P->H, P->C);
      for (size_t i = 0; ok && i < P->net->theta->size; i++)
        ok = fscanf (f, "%lf", &P->net->theta->data[i]) == 1;
      for (size_t i = 0; ok && i < P->N * P->D; i++)
        ok = fscanf (f, "%lf", &P->X->data[i]) == 1;
      for (size_t i = 0; ok && i < P->N; i++)
        ok = fscanf (f, "%zu", &P->y[i]) == 1;
    }
  fclose (f);
  if (!ok)
    {
      fprintf (stderr, "label: %s: not a problem dump\n", path);
      exit (2);
    }
  forward (P);
  return P;
}

static void
problem_del (problem *P)
{
  net_del (P->net);
  gsl_matrix_free (P->X);
  free (P->y);
  cache_del (P->cache);
  free (P);
}

/* ---------- running one student ---------- */

typedef struct
{
  double gerr[BP_NGRADS], lerr[BP_NGRADS];   /* worst over runs */
  size_t gwrong[BP_NGRADS], lwrong[BP_NGRADS];
  int gbad_zero;             /* globally wrong in a run with zeroed g */
  int gbad_garbage;          /* globally wrong in a run with garbage in g */
  int runs;
} tally;

static const size_t sizes[][4] = {     /* N, D, H, C */
  { 7, 5, 10, 3 }, { 5, 4, 6, 3 }, { 9, 6, 4, 5 }, { 8, 3, 7, 2 }
};
#define NSIZES (sizeof sizes / sizeof sizes[0])
#define NSEEDS 3

static double fd_worst = 0;    /* FD against the analytic rules */

static int
run_one (bp_backward_fn *fn, problem *P, gsl_rng *junk, int fill, tally *t)
{
  bp_grads *g = grads_new (P->N, P->D, P->H, P->C);
  bp_grads *ref = grads_new (P->N, P->D, P->H, P->C);
  bp_grads *loc = grads_new (P->N, P->D, P->H, P->C);
  int rc, bad = 0;

  /* garbage in every buffer (fill 1), or zeros (fill 0) */
  if (fill)
    {
      for (int id = 0; id < BP_NGRADS; id++)
        {
          size_t n;
          double *p = gptr (g, id, &n);
          for (size_t e = 0; e < n; e++)
            p[e] = 1e3 * (2 * gsl_rng_uniform (junk) - 1);
        }
    }
  g->present = 0;
  rc = fn (P->net, P->X, P->y, P->reg, P->cache, g);
  if (rc != 0)
    {
      printf ("  backward returned %d\n", rc);
      exit (3);
    }
  if (g->present != BP_GRADS_ALL)
    printf ("  present = %#x\n", g->present);

  rules (P, NULL, ref);
  rules (P, g, loc);
  for (int id = 0; id < BP_NGRADS; id++)
    {
      size_t n, nw;
      double *a = gptr (g, id, &n), *r = gptr (ref, id, &n);
      double *l = gptr (loc, id, &n), e;
      e = compare (a, r, n, &nw);
      if (!(e <= t->gerr[id]))
        t->gerr[id] = e;
      t->gwrong[id] += nw;
      bad |= nw > 0;
      e = compare (a, l, n, &nw);
      if (!(e <= t->lerr[id]))
        t->lerr[id] = e;
      t->lwrong[id] += nw;
    }
  if (bad)
    {
      if (fill)
        t->gbad_garbage = 1;
      else
        t->gbad_zero = 1;
    }
  t->runs++;
  grads_del (g); grads_del (ref); grads_del (loc);
  return 0;
}

/* Child: run NAME on every problem, print one line "MEASURED ..." */
static void
measure (const char *so, problem **probs, size_t nprobs)
{
  void *h = dlopen (so, RTLD_NOW);
  bp_backward_fn *fn;
  tally t;
  gsl_rng *junk = gsl_rng_alloc (gsl_rng_mt19937);

  if (!h)
    {
      printf ("  dlopen: %s\n", dlerror ());
      exit (3);
    }
  fn = (bp_backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("  no symbol backward\n");
      exit (3);
    }
  memset (&t, 0, sizeof t);
  for (size_t p = 0; p < nprobs; p++)
    {
      run_one (fn, probs[p], junk, 1, &t);
      run_one (fn, probs[p], junk, 1, &t);
      run_one (fn, probs[p], junk, 0, &t);
    }
  printf ("  %-4s %9s %9s %7s %7s\n", "grad", "glob_err", "loc_err",
          "g_wrong", "l_wrong");
  for (int id = 0; id < BP_NGRADS; id++)
    printf ("  %-4s %9.1e %9.1e %7zu %7zu\n", gname[id], t.gerr[id],
            t.lerr[id], t.gwrong[id], t.lwrong[id]);
  printf ("MEASURED correct=%d roots=", !t.gbad_garbage && !t.gbad_zero);
  {
    int any = 0;
    for (int id = 0; id < BP_NGRADS; id++)
      if (t.lwrong[id])
        printf ("%s%s", any++ ? "," : "", gname[id]);
    if (!any)
      printf ("-");
  }
  printf (" wrong_with_zeroed_g=%s wrong_with_garbage=%s runs=%d\n",
          t.gbad_zero ? "yes" : "no", t.gbad_garbage ? "yes" : "no", t.runs);
  fflush (stdout);
  exit (0);
}

/* ---------- labels ---------- */

typedef struct
{
  char file[128], correct[8], root[64], line[64], note[512];
} label;

static size_t
read_labels (const char *path, label **out)
{
  FILE *f = fopen (path, "r");
  char buf[1024];
  size_t n = 0, cap = 64;
  label *L = malloc (cap * sizeof *L);

  if (!f)
    {
      perror (path);
      exit (2);
    }
  while (fgets (buf, sizeof buf, f))
    {
      char *fld[5] = { 0 };
      char *s = buf;
      int k = 0;
      buf[strcspn (buf, "\n")] = 0;
      if (!strncmp (buf, "file\t", 5) || !*buf)
        continue;
      while (k < 5)
        {
          fld[k++] = s;
          s = strchr (s, '\t');
          if (!s)
            break;
          *s++ = 0;
        }
      if (k < 4)
        continue;
      if (n == cap)
        L = realloc (L, (cap *= 2) * sizeof *L);
      snprintf (L[n].file, sizeof L[n].file, "%s", fld[0]);
      snprintf (L[n].correct, sizeof L[n].correct, "%s", fld[1]);
      snprintf (L[n].root, sizeof L[n].root, "%s", fld[2]);
      snprintf (L[n].line, sizeof L[n].line, "%s", fld[3]);
      snprintf (L[n].note, sizeof L[n].note, "%s", fld[4] ? fld[4] : "");
      n++;
    }
  fclose (f);
  *out = L;
  return n;
}

int
main (int argc, char **argv)
{
  label *L;
  size_t nl, nprobs = 0, bad = 0, done = 0;
  problem *probs[NSIZES * NSEEDS + 16];
  const char *dumps[16];
  size_t ndumps = 0;
  int only_dumps = 0;

  for (;;)
    if (argc > 2 && !strcmp (argv[1], "-p"))
      {
        if (ndumps < 16)
          dumps[ndumps++] = argv[2];
        argv += 2;
        argc -= 2;
      }
    else if (argc > 1 && !strcmp (argv[1], "-o"))
      {
        only_dumps = 1;
        argv++;
        argc--;
      }
    else
      break;
  if (argc < 3)
    {
      fprintf (stderr, "usage: label [-o] [-p DUMP]... LABELS.TSV SODIR [NAME...]\n"
               "  -p DUMP  also a problem dumped by probe/dump.c\n"
               "  -o       only the -p problems\n");
      return 2;
    }
  gsl_set_error_handler_off ();
  nl = read_labels (argv[1], &L);

  /* the problems */
  for (size_t s = 0; s < NSIZES && !only_dumps; s++)
    for (unsigned long seed = 1; seed <= NSEEDS; seed++)
      probs[nprobs++] = problem_new (sizes[s][0], sizes[s][1], sizes[s][2],
                                     sizes[s][3], 1000 * s + seed,
                                     seed == 2 ? 0.3 : 0.05);
  for (size_t d = 0; d < ndumps; d++)
    {
      problem *P = problem_load (dumps[d]);
      double zmin = INFINITY;
      for (size_t i = 0; i < P->N * P->H; i++)
        zmin = fmin (zmin, fabs (P->cache->z1->data[i]));
      printf ("# problem %s: N,D,H,C = %zu,%zu,%zu,%zu reg %g, min |z1| %.1e\n",
              dumps[d], P->N, P->D, P->H, P->C, P->reg, zmin);
      probs[nprobs++] = P;
    }
  /* each confirmed by centred differences */
  for (size_t p = 0; p < nprobs; p++)
    {
      problem *P = probs[p];
      bp_grads *ref = grads_new (P->N, P->D, P->H, P->C);
      bp_grads *fd = grads_new (P->N, P->D, P->H, P->C);
      rules (P, NULL, ref);
      numeric (P, fd);
      for (int id = 0; id < BP_NGRADS; id++)
        {
          size_t n, nw;
          double *a = gptr (fd, id, &n), *r = gptr (ref, id, &n);
          double e = compare (a, r, n, &nw);
          if (e > fd_worst)
            fd_worst = e;
        }
      grads_del (ref); grads_del (fd);
    }
  printf ("# %zu problems (%sN,D,H,C = 7,5,10,3 5,4,6,3 9,6,4,5 8,3,7,2; "
          "%d seeds each, reg 0.05 or 0.3; and any -p dumps); analytic rules "
          "against centred differences: worst relative error %.1e%s\n",
          nprobs, only_dumps ? "only the dumps, not " : "", NSEEDS,
          fd_worst, fd_worst < 1e-6 ? " (confirmed)" : " (NOT CONFIRMED)");
  if (fd_worst >= 1e-6)
    return 2;

  for (size_t i = 0; i < nl; i++)
    {
      char name[256], so[4096], line[1024], meas_correct[8] = "", meas_roots[128] = "";
      int fds[2], status;
      pid_t pid;
      FILE *in;

      snprintf (name, sizeof name, "%s", L[i].file);
      if (strlen (name) > 2 && !strcmp (name + strlen (name) - 2, ".c"))
        name[strlen (name) - 2] = 0;
      if (argc > 3)
        {
          int want = 0;
          for (int a = 3; a < argc; a++)
            want |= !strcmp (argv[a], name) || !strcmp (argv[a], L[i].file);
          if (!want)
            continue;
        }
      {
        /* dlopen needs a slash to take the name as a path */
        char *dir = realpath (argv[2], NULL);
        snprintf (so, sizeof so, "%s/%s.so", dir ? dir : argv[2], name);
        free (dir);
      }
      printf ("%s  (label: correct=%s roots=%s line=%s)\n", L[i].file,
              L[i].correct, L[i].root, L[i].line);
      fflush (stdout);
      if (pipe (fds))
        return 2;
      pid = fork ();
      if (pid == 0)
        {
          close (fds[0]);
          dup2 (fds[1], 1);
          measure (so, probs, nprobs);
        }
      close (fds[1]);
      in = fdopen (fds[0], "r");
      while (fgets (line, sizeof line, in))
        {
          fputs (line, stdout);
          if (!strncmp (line, "MEASURED ", 9))
            sscanf (line, "MEASURED correct=%7s roots=%127s", meas_correct,
                    meas_roots);
        }
      fclose (in);
      waitpid (pid, &status, 0);
      done++;
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          printf ("  CRASHED or failed (status %#x)\nMISMATCH %s\n", status,
                  L[i].file);
          bad++;
          continue;
        }
      {
        int want_correct = !strcmp (L[i].correct, "1")
          || !strcmp (L[i].correct, "yes");
        int ok = (want_correct == !strcmp (meas_correct, "1"))
          && !strcmp (meas_roots, L[i].root);
        printf ("%s %s\n", ok ? "CONFIRMED" : "MISMATCH", L[i].file);
        bad += !ok;
      }
    }
  printf ("# %zu files, %zu confirmed, %zu mismatched\n", done, done - bad, bad);
  for (size_t p = 0; p < nprobs; p++)
    problem_del (probs[p]);
  free (L);
  return bad != 0;
}
